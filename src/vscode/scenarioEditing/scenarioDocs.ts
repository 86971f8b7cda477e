// The Markdown that completion items and hovers show for scenario files: a Kafka setting's meaning,
// type, default and whether the simulator models it; a verb's forms; `repeat`; consumers and
// partitions of the file. No `vscode` here.

import {
  describeKafkaType,
  findConsumerProperty,
  findGroupProperty,
  formatKafkaDefault,
  type KafkaPropertyDescription,
} from '../../scenarios/consumerProperties';
import { findScenarioVerb, repeatDoc, topicKeys, type ScenarioVerb } from '../../scenarios/scenarioVocabulary';
import type { HoverTarget } from './scenarioCursorContext';
import type { ScenarioOutline } from './scenarioOutline';

/** `max.poll.records`: meaning, type, Kafka's default, and what the simulator does with it. */
export function propertyMarkdown(property: KafkaPropertyDescription, scope: 'consumer' | 'group'): string {
  const lines = [
    `**${property.name}** — ${scope === 'consumer' ? 'Kafka consumer setting' : 'Kafka group setting'}`,
    '',
    property.meaning,
    '',
    `Type: ${describeKafkaType(property)}. Kafka's default: \`${formatKafkaDefault(property.defaultValue)}\`.`,
    '',
    property.simulatorField === undefined
      ? 'Not modelled by the simulator: the value is checked, but it does not change the trace.'
      : 'Modelled by the simulator.',
  ];
  const refused = property.refusedWith ?? [];
  if (refused.length > 0) {
    lines.push(
      '',
      `The Java client refuses it with ${refused.map((name) => `\`group.protocol=${name}\``).join(' and ')}.`,
    );
  }
  return lines.join('\n');
}

/** A verb's forms, each with what it does. */
export function verbMarkdown(verb: ScenarioVerb): string {
  return [
    `**${verb.name}** — ${verb.takesConsumer ? 'consumer action' : 'action (no consumer)'}`,
    '',
    ...verb.forms.map((form) => `- \`${form.syntax}\`: ${form.doc}`),
    '',
    'An optional `"label"` at the end names the step in the table.',
  ].join('\n');
}

/** `repeat N:`. */
export function repeatMarkdown(): string {
  return `**repeat** — a block of actions\n\n${repeatDoc}`;
}

/** What a consumer of the file states (`undefined` when the file does not declare it). */
export function consumerMarkdown(id: string, outline: ScenarioOutline): string | undefined {
  const consumer = outline.consumers.find((entry) => entry.id === id);
  if (consumer === undefined) return undefined;
  const settings =
    consumer.settings.length === 0 ? "Kafka's defaults" : consumer.settings.map((s) => `\`${s}\``).join(', ');
  return `**${id}** — consumer of the group\n\nSettings: ${settings}.`;
}

/** A partition of the file's topics (`undefined` when no declared topic has it). */
export function partitionMarkdown(partition: string, outline: ScenarioOutline): string | undefined {
  const match = /^(.+)-(\d+)$/.exec(partition);
  const topic = match === null ? undefined : outline.topics.find((entry) => entry.name === match[1]);
  if (match === null || topic === undefined || Number(match[2]) >= topic.partitions) return undefined;
  return `**${partition}** — partition ${match[2]} of topic \`${topic.name}\` (${topic.partitions} partition${
    topic.partitions === 1 ? '' : 's'
  })`;
}

/** The hover of a target, or `undefined` when there is nothing to say (an unknown name: the diagnostics say it). */
export function hoverMarkdown(target: HoverTarget, outline: ScenarioOutline): string | undefined {
  switch (target.kind) {
    case 'setting': {
      if (target.section === 'consumers') {
        const property = findConsumerProperty(target.key);
        return property === undefined ? undefined : propertyMarkdown(property, 'consumer');
      }
      if (target.section === 'group') {
        if (target.key === 'id') return '**id** — the consumer group id';
        const property = findGroupProperty(target.key);
        return property === undefined ? undefined : propertyMarkdown(property, 'group');
      }
      const key = topicKeys.find((entry) => entry.name === target.key);
      return key === undefined ? undefined : `**${key.name}** — topic setting\n\n${key.doc}`;
    }
    case 'verb': {
      const verb = findScenarioVerb(target.verb);
      return verb === undefined ? undefined : verbMarkdown(verb);
    }
    case 'repeat':
      return repeatMarkdown();
    case 'consumer':
      return consumerMarkdown(target.consumer, outline);
    case 'partition':
      return partitionMarkdown(target.partition, outline);
  }
}
