// What completion offers at a place of a scenario file, as plain data the glue turns into
// CompletionItems: verbs, consumer ids and partitions in actions, Kafka settings (and their values)
// under a consumer or the group, topic keys, top-level keys. No `vscode` here.

import {
  consumerProperties,
  describeKafkaType,
  formatKafkaDefault,
  groupProperties,
  type KafkaPropertyDescription,
} from '../../scenarios/consumerProperties';
import {
  groupIdKey,
  repeatKeyword,
  scenarioFileKeys,
  scenarioVerbs,
  topicKeys,
  type ScenarioVerb,
} from '../../scenarios/scenarioVocabulary';
import type { CompletionContext } from './scenarioCursorContext';
import { propertyMarkdown, repeatMarkdown, verbMarkdown } from './scenarioDocs';
import { partitionNames, type ScenarioOutline } from './scenarioOutline';

/** One completion: what to show, what to insert, and its Markdown documentation. */
export interface ScenarioCompletion {
  readonly label: string;
  readonly kind: 'verb' | 'consumer' | 'partition' | 'setting' | 'value' | 'key' | 'keyword';
  /** The text inserted in place of the typed prefix (default: the label). */
  readonly insertText?: string;
  /** Shown beside the label (a type and default, "consumer", …). */
  readonly detail?: string;
  readonly documentation?: string;
  /** Open completion again once inserted (after `c1 ` the verbs follow). */
  readonly retrigger?: boolean;
  /** Keeps the offered order (`0001`, `0002`, …) rather than the alphabetical one. */
  readonly sortText: string;
}

/** Whether the first word of an action is a verb that takes no consumer (`wait`, `produce`, …). */
export function isConsumerlessVerb(word: string): boolean {
  return scenarioVerbs.some((verb) => verb.name === word && !verb.takesConsumer);
}

/** The completions for `context` in a file whose declarations are `outline`. */
export function scenarioCompletions(context: CompletionContext, outline: ScenarioOutline): ScenarioCompletion[] {
  const items = offered(context, outline);
  return items.map((item, index) => ({ ...item, sortText: String(index).padStart(4, '0') }));
}

type Unsorted = Omit<ScenarioCompletion, 'sortText'>;

function offered(context: CompletionContext, outline: ScenarioOutline): Unsorted[] {
  switch (context.kind) {
    case 'topLevelKey':
      return scenarioFileKeys
        .filter((key) => !outline.keys.includes(key.name))
        .map((key) => ({
          label: key.name,
          kind: 'key',
          insertText: `${key.name}: `,
          detail: key.required ? 'scenario key (required)' : 'scenario key',
          documentation: key.doc,
        }));
    case 'actionStart':
      return [
        ...outline.consumers.map((consumer): Unsorted => ({
          label: consumer.id,
          kind: 'consumer',
          insertText: `${consumer.id} `,
          detail: 'consumer',
          documentation:
            consumer.settings.length === 0 ? "Kafka's default settings." : `Settings: ${consumer.settings.join(', ')}.`,
          retrigger: true,
        })),
        ...scenarioVerbs.filter((verb) => !verb.takesConsumer).map(verbItem),
        {
          label: repeatKeyword,
          kind: 'keyword',
          insertText: `${repeatKeyword} 3:`,
          detail: 'repeat N: a block of actions',
          documentation: repeatMarkdown(),
        },
      ];
    case 'consumerVerb':
      return scenarioVerbs.filter((verb) => verb.takesConsumer).map(verbItem);
    case 'verbArgument':
      return argumentItems(context.verb, context.consumer !== undefined, context.argumentIndex, outline);
    case 'settingKey': {
      if (context.owner.section === 'topics') {
        const topic = context.owner.topic;
        const stated = new Set(outline.topics.find((entry) => entry.name === topic)?.keys ?? []);
        return topicKeys
          .filter((key) => !stated.has(key.name))
          .map((key) => ({
            label: key.name,
            kind: 'key',
            insertText: `${key.name}: `,
            detail: 'topic key',
            documentation: key.doc,
          }));
      }
      if (context.owner.section === 'group') {
        const stated = new Set(outline.groupSettings);
        const idItem: Unsorted = {
          label: groupIdKey,
          kind: 'key',
          insertText: `${groupIdKey}: `,
          detail: 'the group id',
          documentation: 'The consumer group id.',
        };
        return [idItem, ...groupProperties.filter((p) => !stated.has(p.name)).map((p) => settingItem(p, 'group'))];
      }
      const consumer = context.owner.consumer;
      const stated = new Set(outline.consumers.find((entry) => entry.id === consumer)?.settings ?? []);
      // What the simulator models first: those are the settings that change the trace.
      const ordered = [
        ...consumerProperties.filter((p) => p.simulatorField !== undefined),
        ...consumerProperties.filter((p) => p.simulatorField === undefined),
      ];
      return ordered.filter((p) => !stated.has(p.name)).map((p) => settingItem(p, 'consumer'));
    }
    case 'settingValue': {
      const catalog =
        context.owner.section === 'consumers'
          ? consumerProperties
          : context.owner.section === 'group'
            ? groupProperties
            : [];
      const property = catalog.find((entry) => entry.name === context.key);
      return property === undefined ? [] : valueItems(property);
    }
  }
}

/** A verb; one whose plain form needs arguments (`seek`, `produce`) is followed by a space and its partitions. */
function verbItem(verb: ScenarioVerb): Unsorted {
  const needsArguments = argumentWords(verb, verb.forms[0].syntax).length > 0;
  return {
    label: verb.name,
    kind: 'verb',
    insertText: needsArguments ? `${verb.name} ` : verb.name,
    detail: verb.forms[0].syntax,
    documentation: verbMarkdown(verb),
    retrigger: needsArguments && argumentsOffered(verb),
  };
}

/** The words after the verb in a documented form (`c1 seek orders-0 5` → `orders-0`, `5`). */
function argumentWords(verb: ScenarioVerb, syntax: string): string[] {
  return syntax.split(/\s+/).slice(verb.takesConsumer ? 2 : 1);
}

/** Whether completion has something to offer after this verb (partitions or keywords such as `all`). */
function argumentsOffered(verb: ScenarioVerb): boolean {
  return verb.forms.some((form) => argumentWords(verb, form.syntax).some((word) => !/^\d/.test(word)));
}

/** Partitions (`orders-0`, or `orders-0=` for commitSync's offsets) and keywords (`all`, `processed`). */
function argumentItems(verbName: string, afterConsumer: boolean, index: number, outline: ScenarioOutline): Unsorted[] {
  const verb = scenarioVerbs.find((entry) => entry.name === verbName);
  if (verb === undefined || verb.takesConsumer !== afterConsumer) return [];
  const placeholders = new Set<string>();
  for (const form of verb.forms) {
    const words = argumentWords(verb, form.syntax);
    // commitSync orders-0=5 orders-1=7: any number of partition=offset words.
    const word = words[index] ?? (words.length > 0 && words.every((w) => w.includes('=')) ? words[0] : undefined);
    if (word !== undefined) placeholders.add(word);
  }
  const items: Unsorted[] = [];
  for (const placeholder of placeholders) {
    if (/^[A-Za-z0-9_.-]+-\d+=/.test(placeholder)) {
      for (const name of partitionNames(outline)) {
        items.push({ label: `${name}=`, kind: 'partition', detail: 'partition=offset to commit' });
      }
    } else if (/^[A-Za-z0-9_.-]+-\d+$/.test(placeholder)) {
      for (const name of partitionNames(outline)) {
        items.push({ label: name, kind: 'partition', insertText: `${name} `, detail: 'partition' });
      }
    } else if (!/^\d/.test(placeholder)) {
      const form = verb.forms.find((entry) => argumentWords(verb, entry.syntax)[index] === placeholder);
      items.push({ label: placeholder, kind: 'keyword', detail: form?.syntax, documentation: form?.doc });
    }
  }
  return items;
}

function settingItem(property: KafkaPropertyDescription, scope: 'consumer' | 'group'): Unsorted {
  return {
    label: property.name,
    kind: 'setting',
    insertText: `${property.name}: `,
    detail: `${describeKafkaType(property)}, default ${formatKafkaDefault(property.defaultValue)}${
      property.simulatorField === undefined ? '' : ' (simulated)'
    }`,
    documentation: propertyMarkdown(property, scope),
    retrigger: property.type === 'enum' || property.type === 'boolean',
  };
}

function valueItems(property: KafkaPropertyDescription): Unsorted[] {
  const values =
    property.type === 'boolean'
      ? ['true', 'false']
      : property.type === 'enum'
        ? [...(property.allowedValues ?? [])]
        : [];
  const defaultText = formatKafkaDefault(property.defaultValue);
  return values.map((value) => ({
    label: value,
    kind: 'value',
    detail: value === defaultText ? `${property.name} (Kafka's default)` : property.name,
  }));
}
