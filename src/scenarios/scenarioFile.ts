// Reads a scenario file (`*.offsets.yaml`, docs/design.md#scenario-files) into a Scenario for the
// simulator, keeping where every action was written, with diagnostics that name line and column.
// Never throws: every problem, down to an internal fault, comes back as a diagnostic.

import { isAlias, isMap, isScalar, isSeq, parseDocument, Scalar, type Pair, type YAMLMap } from 'yaml';
import type {
  Action,
  ConsumerConfig,
  ConsumerSetup,
  GroupSettings,
  Scenario,
  SourcePosition,
  TopicSetup,
} from '../simulator/model';
import { OffsetSimulator } from '../simulator/offsetSimulator';
import { readActionText, type ActionContext, type PlannedAction } from './actionText';
import { protocolOf, scenarioProtocols, withGroupProtocol, type GroupProtocol } from './scenarioProtocols';
import {
  assignorOf,
  consumerProperties,
  findConsumerProperty,
  findGroupProperty,
  groupProperties,
  isSecurityPropertyName,
  type GroupProtocolName,
} from './consumerProperties';
import { readKafkaSetting, scalarSourceText, type KafkaSettingValue } from './kafkaSettingValues';
import { didYouMean } from './nameSuggestions';
import { runToEnd, type SlicedWork } from '../common/slicedWork';
import { DiagnosticSink, LineIndex, type ScenarioDiagnostic, type TextSpan } from './scenarioDiagnostics';
import { groupIdKey, repeatKeyword, scenarioFileKeys, scenarioVerbs, topicKeys } from './scenarioVocabulary';

export type { ScenarioDiagnostic } from './scenarioDiagnostics';

/** The file name ending of scenario files. */
export const scenarioFileSuffix = '.offsets.yaml';

/** The largest `repeat N:` count. */
export const maxRepeatCount = 100_000;

/** The most actions a scenario may expand to (after repeats and `process N`). */
export const maxScenarioActions = 1_000_000;

/** The most partitions one topic may declare. */
export const maxPartitionsPerTopic = 10_000;

const maxNesting = 64;

/** A consumer the file declares, with where its id is written. */
export interface DeclaredConsumer {
  readonly id: string;
  readonly line: number;
  readonly column: number;
  /** Its `group.protocol` (`classic` unless it states `consumer`). */
  readonly groupProtocol: GroupProtocolName;
}

/** A topic the file declares, with where its name is written. */
export interface DeclaredTopic {
  readonly name: string;
  readonly partitions: number;
  readonly line: number;
  readonly column: number;
}

/** What the file declares, read even when it has errors (for completion and hover). */
export interface ScenarioDeclarations {
  readonly group: string | undefined;
  readonly consumers: readonly DeclaredConsumer[];
  readonly topics: readonly DeclaredTopic[];
}

/** The result of {@link parseScenarioFile}. */
export interface ParsedScenarioFile {
  /** The scenario, or undefined when any diagnostic is an error. */
  readonly scenario: Scenario | undefined;
  /** Errors and warnings, in the order of the file. */
  readonly diagnostics: readonly ScenarioDiagnostic[];
  readonly declarations: ScenarioDeclarations;
}

/** Options of {@link parseScenarioFile}. */
export interface ParseScenarioOptions {
  /** The file's name (a path is fine): the scenario's name defaults to it without `.offsets.yaml`. */
  readonly fileName?: string;
  /** Set `at` on every action (default true); false gives actions as plain as hand-written ones. */
  readonly positions?: boolean;
  /**
   * Read the scenario as if its consumers used this group protocol (for a run under both): the classic
   * protocol's timeouts become the group's (withGroupProtocol), before `process all` is counted.
   */
  readonly groupProtocol?: GroupProtocol;
}

/** The scenario name a file name gives: its base name without `.offsets.yaml` (or `.yaml`/`.yml`). */
export function scenarioNameFromFileName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const lower = base.toLowerCase();
  for (const suffix of [scenarioFileSuffix, '.yaml', '.yml']) {
    if (lower.endsWith(suffix) && base.length > suffix.length) return base.slice(0, -suffix.length);
  }
  return base;
}

/** An action line once read, or a repeated block, before repeats are flattened. */
type PlannedItem =
  | { readonly kind: 'line'; readonly action: PlannedAction; readonly at: SourcePosition }
  | {
      readonly kind: 'repeat';
      readonly times: number;
      readonly items: readonly PlannedItem[];
      readonly span: TextSpan;
    };

/** `process all`, waiting to be resolved into as many `process` actions as the consumer holds records. */
interface ProcessAllMarker {
  readonly kind: 'processAll';
  readonly consumer: string;
  readonly label?: string;
  readonly at: SourcePosition;
}

const consumerIdPattern = /^[A-Za-z0-9._-]+$/;
const topicNamePattern = /^[A-Za-z0-9._-]+$/;

class ScenarioFileReader {
  private readonly index: LineIndex;
  private readonly sink: DiagnosticSink;
  private readonly declaredConsumers: DeclaredConsumer[] = [];
  private readonly declaredTopics: DeclaredTopic[] = [];
  private declaredGroup: string | undefined;
  /** The declared consumers and topics the action lines are checked against. */
  private context: ActionContext = { consumers: undefined, topics: undefined };
  /** Every topic named under `topics`, with its partition count when that could be read. */
  private readonly topicPartitionCounts = new Map<string, number | undefined>();
  private topicsKnown = false;
  private consumerIdsKnown = false;
  /** The group mapping's settings the simulator models, and every group setting as stated. */
  private readonly groupSettings: { -readonly [K in keyof GroupSettings]?: GroupSettings[K] } = {};
  private readonly groupProperties: Record<string, string> = {};
  /** Actions marked `timing:` (their line, and why their outcome depends on timing on a real broker). */
  private readonly timingDependent: { line: number; reason: string }[] = [];
  /** Every id written under `consumers`, a refused one too (so its actions do not also fail). */
  private readonly consumerIdsWritten: string[] = [];

  constructor(
    private readonly text: string,
    private readonly options: ParseScenarioOptions,
  ) {
    this.index = new LineIndex(text);
    this.sink = new DiagnosticSink(this.index);
  }

  /** Reads the file, as work that pauses while it expands the repeats of a long scenario. */
  *readWork(): SlicedWork<ParsedScenarioFile> {
    const scenario = yield* this.readDocument();
    const diagnostics = [...this.sink.diagnostics].sort((a, b) => a.line - b.line || a.column - b.column);
    return {
      scenario: this.sink.errorCount === 0 ? scenario : undefined,
      diagnostics,
      declarations: { group: this.declaredGroup, consumers: this.declaredConsumers, topics: this.declaredTopics },
    };
  }

  /** Reports an internal fault (a bug, never the author's mistake) without losing what was found. */
  internalError(error: unknown): ParsedScenarioFile {
    this.sink.muted = false;
    this.sink.error(
      [0, 0],
      `internal error while reading the scenario file: ${error instanceof Error ? error.message : String(error)}`,
    );
    return {
      scenario: undefined,
      diagnostics: this.sink.diagnostics,
      declarations: { group: this.declaredGroup, consumers: this.declaredConsumers, topics: this.declaredTopics },
    };
  }

  private span(node: unknown, fallback?: TextSpan): TextSpan {
    if (node !== null && typeof node === 'object' && 'range' in node) {
      const range = (node as { range?: readonly number[] | null }).range;
      if (range && range.length >= 2) {
        // A block collection's range runs on past its last line break: end the span at its last character.
        let end = range[1];
        while (end > range[0] && /\s/.test(this.text[end - 1] ?? '')) end--;
        return [range[0], end];
      }
    }
    return fallback ?? this.firstLine();
  }

  private firstLine(): TextSpan {
    return [0, this.index.lineEnd(0)];
  }

  /** The span of a pair's key, else its value, else the fallback. */
  private pairSpan(pair: Pair, fallback: TextSpan): TextSpan {
    if (pair.key) return this.span(pair.key, fallback);
    return this.span(pair.value, fallback);
  }

  private position(offset: number): SourcePosition {
    const { line, column } = this.index.position(offset);
    return { line, column };
  }

  /** A key as text (scalar keys only); reports and returns undefined otherwise. */
  private keyText(pair: Pair, where: TextSpan): string | undefined {
    if (isScalar(pair.key) && pair.key.value !== null && typeof pair.key.value !== 'object') {
      return scalarSourceText(pair.key).trim();
    }
    this.sink.error(this.pairSpan(pair, where), 'a key here must be a plain name');
    return undefined;
  }

  private *readDocument(): SlicedWork<Scenario | undefined> {
    const tooDeep = excessiveNesting(this.text);
    if (tooDeep !== undefined) {
      this.sink.error([tooDeep, tooDeep + 1], `YAML: nested more than ${maxYamlNesting} levels deep`);
      return undefined;
    }
    const document = parseDocument(this.text, { prettyErrors: false, uniqueKeys: true, strict: true });
    for (const problem of document.errors) {
      this.sink.error([problem.pos[0], Math.max(problem.pos[1], problem.pos[0] + 1)], yamlMessage(problem.message));
    }
    for (const problem of document.warnings) {
      this.sink.warning([problem.pos[0], Math.max(problem.pos[1], problem.pos[0] + 1)], yamlMessage(problem.message));
    }
    // After a syntax error the tree is a guess: read the declarations, but report nothing more.
    if (document.errors.length > 0) this.sink.muted = true;
    const root = document.contents;
    if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) {
      this.sink.error(this.firstLine(), 'the file is empty: a scenario needs topics, consumers and actions');
      return undefined;
    }
    if (!isMap(root)) {
      this.sink.error(
        this.span(root),
        'a scenario file is a YAML mapping with name, title, summary, group, topics, consumers and actions',
      );
      return undefined;
    }
    const sections = new Map<string, { pair: Pair; keySpan: TextSpan }>();
    const knownKeys = scenarioFileKeys.map((key) => key.name);
    for (const pair of root.items) {
      const keySpan = this.pairSpan(pair, this.span(root));
      const key = this.keyText(pair, keySpan);
      if (key === undefined) continue;
      if (!knownKeys.includes(key)) {
        this.sink.error(
          keySpan,
          `unknown key "${key}"; a scenario file has ${knownKeys.join(', ')}.${didYouMean(key, knownKeys)}`.replace(
            /\.$/,
            '',
          ),
        );
        continue;
      }
      sections.set(key, { pair, keySpan });
    }
    for (const key of scenarioFileKeys) {
      if (key.required && !sections.has(key.name)) {
        this.sink.error(this.firstLine(), `missing "${key.name}:": ${key.doc}`);
      }
    }

    const fileName = this.options.fileName;
    const defaultName = fileName ? scenarioNameFromFileName(fileName) : 'scenario';
    const name = this.readText(sections.get('name'), 'name') ?? defaultName;
    const title = this.readText(sections.get('title'), 'title') ?? name;
    const summary = this.readText(sections.get('summary'), 'summary') ?? '';

    const topics = this.readTopics(sections.get('topics'));
    const group = this.readGroup(sections.get('group'), name);
    this.declaredGroup = group;
    const consumers = this.readConsumers(sections.get('consumers'), group);
    // Check the actions against what is declared, even where a declaration has a mistake of its own.
    this.context = {
      consumers: this.consumerIdsKnown ? this.consumerIdsWritten : undefined,
      topics: this.topicsKnown ? this.topicPartitionCounts : undefined,
    };
    const actionsSection = sections.get('actions');
    const planned = actionsSection
      ? this.readActionList(actionsSection.pair.value, actionsSection.keySpan, 0)
      : undefined;
    if (this.sink.errorCount > 0 || !topics || !consumers || !planned) return undefined;

    const stated: Scenario = {
      name,
      title,
      summary,
      group,
      groupSettings: { ...this.groupSettings },
      groupProperties: { ...this.groupProperties },
      topics,
      consumers,
      actions: [],
    };
    const asked = this.options.groupProtocol;
    const chosen = asked && scenarioProtocols(stated).includes(asked) ? withGroupProtocol(stated, asked) : stated;
    if (asked && chosen === stated && asked !== protocolOf(stated)) {
      this.sink.error(
        this.firstLine(),
        `this scenario states its group protocol or assignor: it runs only under ${protocolOf(stated)}`,
      );
      return undefined;
    }
    const groupSettings = { ...chosen.groupSettings };
    const setup = { group, topics, consumers: chosen.consumers, groupSettings };
    const actionsSpan = actionsSection?.keySpan ?? this.firstLine();
    const actions = yield* this.expand(planned, actionsSpan, setup);
    if (!actions) return undefined;
    if (actions.length === 0) {
      this.sink.error(actionsSpan, 'the actions make no step: a scenario needs at least one action, e.g. - c1 start');
      return undefined;
    }
    const groupProperties = { ...chosen.groupProperties };
    return {
      name,
      title,
      summary,
      group,
      ...(Object.keys(groupSettings).length > 0 ? { groupSettings } : {}),
      ...(Object.keys(groupProperties).length > 0 ? { groupProperties } : {}),
      topics,
      consumers: chosen.consumers,
      actions,
      ...(this.timingDependent.length > 0 ? { timingDependent: [...this.timingDependent] } : {}),
    };
  }

  /** A one-line text value (`name`, `title`, `summary`); line breaks inside (folded YAML) become spaces. */
  private readText(section: { pair: Pair; keySpan: TextSpan } | undefined, key: string): string | undefined {
    if (!section) return undefined;
    const value = section.pair.value;
    if (!isScalar(value) || value.value === null || typeof value.value === 'object') {
      this.sink.error(this.span(value, section.keySpan), `${key} must be text`);
      return undefined;
    }
    const text = scalarSourceText(value).trim();
    if (text === '') {
      this.sink.error(this.span(value, section.keySpan), `${key} must not be empty`);
      return undefined;
    }
    return text.replace(/\s*\n\s*/g, ' ');
  }

  private readTopics(section: { pair: Pair; keySpan: TextSpan } | undefined): TopicSetup[] | undefined {
    if (!section) return undefined;
    const node = section.pair.value;
    if (!isMap(node) || node.items.length === 0) {
      this.sink.error(
        this.span(node, section.keySpan),
        'topics must map each topic to its partitions, e.g. orders: { partitions: 1, records: 3 }',
      );
      return undefined;
    }
    this.topicsKnown = true;
    const errorsBefore = this.sink.errorCount;
    const topics: TopicSetup[] = [];
    for (const pair of node.items) {
      const keySpan = this.pairSpan(pair, section.keySpan);
      const topicName = this.keyText(pair, keySpan);
      if (topicName === undefined) continue;
      if (!topicNamePattern.test(topicName) || topicName.length > 249 || topicName === '.' || topicName === '..') {
        this.sink.error(
          keySpan,
          `"${topicName}" is not a valid Kafka topic name: use letters, digits, ".", "_" and "-" (at most 249)`,
        );
        continue;
      }
      const topic = this.readTopic(topicName, pair.value, keySpan);
      this.topicPartitionCounts.set(topicName, topic?.partitions.length);
      if (!topic) continue;
      topics.push(topic);
      const at = this.position(keySpan[0]);
      this.declaredTopics.push({ name: topicName, partitions: topic.partitions.length, ...at });
    }
    return this.sink.errorCount === errorsBefore ? topics : undefined;
  }

  private readTopic(name: string, node: unknown, keySpan: TextSpan): TopicSetup | undefined {
    if (isScalar(node) && node.value === null) {
      return { name, partitions: [{ partition: 0, records: 0, logStartOffset: 0 }] };
    }
    if (!isMap(node)) {
      this.sink.error(this.span(node, keySpan), `${name} must be a mapping such as { partitions: 1, records: 3 }`);
      return undefined;
    }
    const known = topicKeys.map((key) => key.name);
    const values = new Map<string, Pair>();
    for (const pair of node.items) {
      const span = this.pairSpan(pair, keySpan);
      const key = this.keyText(pair, span);
      if (key === undefined) continue;
      if (!known.includes(key)) {
        this.sink.error(
          span,
          `unknown topic key "${key}"; a topic has ${known.join(', ')}.${didYouMean(key, known)}`.replace(/\.$/, ''),
        );
        continue;
      }
      values.set(key, pair);
    }
    const partitionsPair = values.get('partitions');
    let partitions: number | undefined;
    if (partitionsPair) {
      partitions = this.readWhole(
        partitionsPair.value,
        `the partition count of ${name}`,
        1,
        maxPartitionsPerTopic,
        keySpan,
      );
      if (partitions === undefined) return undefined;
    }
    const records = this.readPerPartition(values.get('records'), `records of ${name}`, keySpan);
    const logStart = this.readPerPartition(values.get('logStart'), `logStart of ${name}`, keySpan);
    if (records === null || logStart === null) return undefined;
    const listed = [records, logStart].filter(
      (value): value is { list: number[]; span: TextSpan } => typeof value === 'object',
    );
    const count = partitions ?? listed[0]?.list.length ?? 1;
    for (const value of listed) {
      if (value.list.length !== count) {
        this.sink.error(
          value.span,
          `this list has ${value.list.length} entr${value.list.length === 1 ? 'y' : 'ies'} but ${name} has ${count} partition${count === 1 ? '' : 's'}: give one per partition`,
        );
        return undefined;
      }
    }
    const at = (value: number | { list: number[] } | undefined, partition: number): number =>
      value === undefined ? 0 : typeof value === 'number' ? value : value.list[partition];
    const setups = Array.from({ length: count }, (_, partition) => ({
      partition,
      records: at(records, partition),
      logStartOffset: at(logStart, partition),
    }));
    return { name, partitions: setups };
  }

  /** A number for every partition, or a list with one per partition; null after an error. */
  private readPerPartition(
    pair: Pair | undefined,
    what: string,
    fallback: TextSpan,
  ): number | { list: number[]; span: TextSpan } | undefined | null {
    if (!pair) return undefined;
    const node = pair.value;
    if (isSeq(node)) {
      const list: number[] = [];
      for (const item of node.items) {
        const value = this.readWhole(item, what, 0, Number.MAX_SAFE_INTEGER, this.span(node));
        if (value === undefined) return null;
        list.push(value);
      }
      if (list.length === 0) {
        this.sink.error(this.span(node), `${what}: the list is empty; give one number per partition`);
        return null;
      }
      return { list, span: this.span(node) };
    }
    const value = this.readWhole(node, what, 0, Number.MAX_SAFE_INTEGER, this.pairSpan(pair, fallback));
    return value === undefined ? null : value;
  }

  /** A whole number written as a YAML number (or digits); reports and returns undefined otherwise. */
  private readWhole(node: unknown, what: string, min: number, max: number, fallback: TextSpan): number | undefined {
    const span = this.span(node, fallback);
    const text =
      isScalar(node) && node.value !== null && typeof node.value !== 'object'
        ? scalarSourceText(node).trim()
        : undefined;
    if (text === undefined || !/^[+-]?\d+$/.test(text)) {
      this.sink.error(
        span,
        `${what} must be a whole number${text === undefined ? '' : `; got ${JSON.stringify(text)}`}`,
      );
      return undefined;
    }
    const value = Number(text);
    if (value < min) {
      this.sink.error(span, `${what} must be at least ${min}; got ${text}`);
      return undefined;
    }
    if (value > max) {
      this.sink.error(span, `${what} must be at most ${max}; got ${text}`);
      return undefined;
    }
    return value;
  }

  private readGroup(section: { pair: Pair; keySpan: TextSpan } | undefined, scenarioName: string): string {
    if (!section) return scenarioName;
    const node = section.pair.value;
    if (isScalar(node) && node.value !== null && typeof node.value !== 'object') {
      const id = scalarSourceText(node).trim();
      if (id !== '') return id;
    }
    if (!isMap(node)) {
      this.sink.error(
        this.span(node, section.keySpan),
        'group is a group id (group: orders-app) or a mapping { id: orders-app, … }',
      );
      return scenarioName;
    }
    let id: string | undefined;
    const names = [groupIdKey, ...groupProperties.map((property) => property.name)];
    for (const pair of node.items) {
      const keySpan = this.pairSpan(pair, section.keySpan);
      const key = this.keyText(pair, keySpan);
      if (key === undefined) continue;
      if (key === groupIdKey) {
        const value = pair.value;
        if (
          isScalar(value) &&
          value.value !== null &&
          typeof value.value !== 'object' &&
          scalarSourceText(value).trim() !== ''
        ) {
          id = scalarSourceText(value).trim();
        } else {
          this.sink.error(this.span(value, keySpan), 'the group id must be a non-empty name');
        }
        continue;
      }
      const property = findGroupProperty(key);
      if (!property) {
        if (findConsumerProperty(key)) {
          this.sink.error(keySpan, `${key} is a consumer setting: state it for each consumer under consumers`);
        } else {
          this.sink.error(keySpan, `${key} is not a Kafka group setting.${didYouMean(key, names)}`);
        }
        continue;
      }
      const reading = readKafkaSetting(property, pair.value);
      if (!reading.ok) {
        this.sink.error(this.span(pair.value, keySpan), reading.message);
        continue;
      }
      const value = reading.value;
      this.groupProperties[key] = Array.isArray(value) ? value.join(',') : String(value);
      if (property.groupSettingField && typeof value === 'number') {
        this.groupSettings[property.groupSettingField] = value;
      } else {
        this.sink.warning(
          keySpan,
          `${key} is a Kafka group setting the simulator does not model yet: it has no effect here`,
        );
      }
    }
    if (id === undefined) {
      this.sink.error(section.keySpan, 'the group mapping needs its id: group: { id: orders-app, … }');
      return scenarioName;
    }
    return id;
  }

  private readConsumers(
    section: { pair: Pair; keySpan: TextSpan } | undefined,
    group: string,
  ): ConsumerSetup[] | undefined {
    if (!section) return undefined;
    const node = section.pair.value;
    if (!isMap(node) || node.items.length === 0) {
      this.sink.error(
        this.span(node, section.keySpan),
        "consumers must map each consumer id to its settings, e.g. c1: { enable.auto.commit: false } (c1: {} for Kafka's defaults)",
      );
      return undefined;
    }
    this.consumerIdsKnown = true;
    const errorsBefore = this.sink.errorCount;
    const consumers: ConsumerSetup[] = [];
    const verbNames = new Set(scenarioVerbs.map((verb) => verb.name));
    for (const pair of node.items) {
      const keySpan = this.pairSpan(pair, section.keySpan);
      const id = this.keyText(pair, keySpan);
      if (id === undefined) continue;
      this.consumerIdsWritten.push(id);
      if (!consumerIdPattern.test(id)) {
        this.sink.error(keySpan, `"${id}" cannot be a consumer id: use letters, digits, ".", "_" and "-"`);
        continue;
      }
      if (verbNames.has(id) || id === repeatKeyword) {
        this.sink.error(keySpan, `"${id}" is a verb of scenario files: give the consumer another id, e.g. c1`);
        continue;
      }
      const { config, protocol, properties } = this.readConsumerSettings(id, pair.value, keySpan, group);
      consumers.push({ id, config, ...(Object.keys(properties).length > 0 ? { properties } : {}) });
      this.declaredConsumers.push({ id, ...this.position(keySpan[0]), groupProtocol: protocol });
    }
    return this.sink.errorCount === errorsBefore ? consumers : undefined;
  }

  private readConsumerSettings(
    id: string,
    node: unknown,
    keySpan: TextSpan,
    group: string,
  ): { config: Partial<ConsumerConfig>; protocol: GroupProtocolName; properties: Record<string, string> } {
    const config: { -readonly [K in keyof ConsumerConfig]?: ConsumerConfig[K] } = {};
    const properties: Record<string, string> = {};
    if (isScalar(node) && node.value === null) return { config, protocol: 'classic', properties };
    if (!isMap(node)) {
      this.sink.error(
        this.span(node, keySpan),
        `the settings of ${id} are a mapping of Kafka consumer properties, e.g. { max.poll.records: 1 }`,
      );
      return { config, protocol: 'classic', properties };
    }
    const stated: { name: string; value: KafkaSettingValue; keySpan: TextSpan; valueSpan: TextSpan }[] = [];
    const names = consumerProperties.map((property) => property.name);
    for (const pair of node.items) {
      const span = this.pairSpan(pair, keySpan);
      const name = this.keyText(pair, span);
      if (name === undefined) continue;
      const property = findConsumerProperty(name);
      if (!property) {
        if (findGroupProperty(name)) {
          this.sink.error(
            span,
            `${name} is a group setting: state it in the group mapping, group: { id: ${group}, ${name}: … }`,
          );
        } else if (isSecurityPropertyName(name)) {
          this.sink.warning(
            span,
            `${name} is a Kafka security setting the simulator does not need: it has no effect here`,
          );
        } else {
          this.sink.error(span, `${name} is not a Kafka consumer setting.${didYouMean(name, names)}`);
        }
        continue;
      }
      const reading = readKafkaSetting(property, pair.value);
      if (!reading.ok) {
        this.sink.error(this.span(pair.value, span), reading.message);
        continue;
      }
      stated.push({ name, value: reading.value, keySpan: span, valueSpan: this.span(pair.value, span) });
    }
    const protocolSetting = stated.find((setting) => setting.name === 'group.protocol');
    const protocol: GroupProtocolName = protocolSetting?.value === 'consumer' ? 'consumer' : 'classic';
    for (const setting of stated) {
      const property = findConsumerProperty(setting.name);
      if (!property) continue;
      if (property.refusedWith?.includes(protocol)) {
        this.sink.error(
          setting.keySpan,
          `${setting.name} cannot be set when group.protocol=${protocol}: ${property.refusalHint ?? 'the Java client refuses it'}`,
        );
        continue;
      }
      if (setting.name === 'group.id') {
        if (setting.value !== group) {
          this.sink.error(
            setting.valueSpan,
            `the scenario has one group, "${group}" (set with group:); ${id}'s group.id cannot be "${String(setting.value)}"`,
          );
        }
        continue;
      }
      const value = setting.value;
      properties[setting.name] = Array.isArray(value) ? value.join(',') : String(value);
      switch (property.simulatorField) {
        case 'maxPollRecords':
          if (typeof value === 'number') config.maxPollRecords = value;
          break;
        case 'enableAutoCommit':
          if (typeof value === 'boolean') config.enableAutoCommit = value;
          break;
        case 'autoCommitIntervalMs':
          if (typeof value === 'number') config.autoCommitIntervalMs = value;
          break;
        case 'autoOffsetReset':
          if (value === 'earliest' || value === 'latest' || value === 'none') config.autoOffsetReset = value;
          break;
        case 'isolationLevel':
          if (value === 'read_committed' || value === 'read_uncommitted') config.isolationLevel = value;
          break;
        case 'groupProtocol':
          if (typeof value === 'string')
            config.groupProtocol = value.toLowerCase() === 'consumer' ? 'consumer' : 'classic';
          break;
        case 'sessionTimeoutMs':
          if (typeof value === 'number') config.sessionTimeoutMs = value;
          break;
        case 'heartbeatIntervalMs':
          if (typeof value === 'number') config.heartbeatIntervalMs = value;
          break;
        case 'maxPollIntervalMs':
          if (typeof value === 'number') config.maxPollIntervalMs = value;
          break;
        case 'assignor': {
          const list = Array.isArray(value) ? value : [String(value)];
          const assignor = assignorOf(list);
          if (assignor) config.assignor = assignor;
          else {
            this.sink.error(
              setting.valueSpan,
              `partition.assignment.strategy names Kafka's assignors: range, roundrobin, sticky, cooperative-sticky (or their class names)`,
            );
            continue;
          }
          break;
        }
        case undefined:
          this.sink.warning(
            setting.keySpan,
            `${setting.name} is a Kafka consumer setting the simulator does not model yet: it has no effect here`,
          );
          break;
      }
    }
    return { config, protocol, properties };
  }

  private readActionList(node: unknown, where: TextSpan, depth: number): PlannedItem[] | undefined {
    if (!isSeq(node)) {
      this.sink.error(this.span(node, where), 'actions must be a list, one action a line: - c1 poll');
      return undefined;
    }
    if (depth > maxNesting) {
      this.sink.error(this.span(node, where), `repeat blocks are nested more than ${maxNesting} deep`);
      return undefined;
    }
    const items: PlannedItem[] = [];
    let failed = false;
    for (const item of node.items) {
      const planned = this.readActionItem(item, this.span(node, where), depth);
      if (planned === undefined) failed = true;
      else items.push(planned);
    }
    return failed ? undefined : items;
  }

  private readActionItem(item: unknown, where: TextSpan, depth: number): PlannedItem | undefined {
    if (isAlias(item)) {
      this.sink.error(
        this.span(item, where),
        'YAML aliases (*name) are not supported in a scenario file: write the actions out',
      );
      return undefined;
    }
    if (isScalar(item)) {
      if (item.value === null || (typeof item.value === 'string' && item.value.trim() === '')) {
        this.sink.error(this.span(item, where), 'an empty action: write one such as "c1 poll", or remove the dash');
        return undefined;
      }
      const span = this.span(item, where);
      return this.readActionLine(scalarSourceText(item), this.textBase(item), span);
    }
    if (isMap(item)) {
      const map = item;
      const pair = map.items[0];
      const key = map.items.length === 1 && isScalar(pair.key) ? scalarSourceText(pair.key).trim() : undefined;
      if (key !== undefined && (key === repeatKeyword || key.startsWith(`${repeatKeyword} `))) {
        return this.readRepeat(key, pair, where, depth);
      }
      const keys = map.items.map((p) => (isScalar(p.key) ? scalarSourceText(p.key).trim() : ''));
      if (keys.includes(timedActionKey)) return this.readTimedAction(map, where);
      const recovered = map.items.length === 1 ? this.recoverColonAction(pair) : undefined;
      if (recovered) return this.readActionLine(recovered.text, recovered.start, [recovered.start, recovered.end]);
      const span = this.span(item, where);
      if (
        map.items.length === 1 &&
        isScalar(pair.key) &&
        (pair.value === null || (isScalar(pair.value) && pair.value.value === null))
      ) {
        this.sink.error(
          span,
          'a ":" at the end of an action makes it a YAML mapping: remove it (or write "- repeat 3:" for a block)',
        );
      } else {
        this.sink.error(
          span,
          'an action is one line of text ("- c1 poll") or a block "- repeat 3:" with actions indented below',
        );
      }
      return undefined;
    }
    this.sink.error(this.span(item, where), 'an action is one line of text ("- c1 poll") or a block "- repeat 3:"');
    return undefined;
  }

  /**
   * `- { action: c2 poll, timing: "why" }`: an action whose outcome on a real broker depends on timing;
   * run-on-kafka leaves its step out of the comparison and says why.
   */
  private readTimedAction(map: YAMLMap, where: TextSpan): PlannedItem | undefined {
    let planned: PlannedItem | undefined;
    let reason: string | undefined;
    for (const pair of map.items) {
      const keySpan = this.span(pair.key, where);
      const key = isScalar(pair.key) ? scalarSourceText(pair.key).trim() : '';
      const value = pair.value;
      if (key === timedActionKey) {
        if (!isScalar(value) || typeof value.value !== 'string' || value.value.trim() === '') {
          this.sink.error(
            this.span(value, keySpan),
            'action: needs one action as text, e.g. { action: c2 poll, timing: why }',
          );
          return undefined;
        }
        planned = this.readActionLine(scalarSourceText(value), this.textBase(value), this.span(value, keySpan));
      } else if (key === timingKey) {
        if (!isScalar(value) || value.value === null || String(value.value).trim() === '') {
          this.sink.error(this.span(value, keySpan), 'timing: says why the outcome depends on timing on a real broker');
          return undefined;
        }
        reason = String(value.value).trim();
      } else {
        this.sink.error(keySpan, `an action mapping has only ${timedActionKey}: and ${timingKey}:, not ${key}:`);
        return undefined;
      }
    }
    if (!planned) return undefined;
    if (reason !== undefined && planned.kind === 'line') {
      this.timingDependent.push({ line: planned.at.line, reason });
    }
    return planned;
  }

  /**
   * `- c1 close "Stop (c1 leaves: rebalance)"` is, to YAML, a mapping (the ": " inside the label):
   * read the line's own text instead, when key and value are plain scalars on one line.
   */
  private recoverColonAction(pair: Pair): { text: string; start: number; end: number } | undefined {
    const key = pair.key;
    const value = pair.value;
    if (!isScalar(key) || key.type !== Scalar.PLAIN || !isScalar(value) || value.value === null) return undefined;
    if (value.type !== Scalar.PLAIN && value.type !== Scalar.QUOTE_DOUBLE && value.type !== Scalar.QUOTE_SINGLE)
      return undefined;
    const start = this.span(key)[0];
    const end = this.span(value)[1];
    const text = this.text.slice(start, end);
    if (text.includes('\n') || !/\S/.test(text)) return undefined;
    return { text, start, end };
  }

  /** The text offset of a scalar's first value character, when value and source match one to one. */
  private textBase(scalar: Scalar): number | undefined {
    const [start, end] = this.span(scalar);
    const source = this.text.slice(start, end);
    const value = scalarSourceText(scalar);
    if (source === value) return start;
    if ((scalar.type === Scalar.QUOTE_DOUBLE || scalar.type === Scalar.QUOTE_SINGLE) && source.slice(1, -1) === value)
      return start + 1;
    return undefined;
  }

  private readActionLine(text: string, base: number | undefined, span: TextSpan): PlannedItem | undefined {
    const reading = readActionText(text, this.context);
    if (!reading.ok) {
      const at: TextSpan =
        base === undefined ? span : [base + reading.start, base + Math.max(reading.end, reading.start + 1)];
      let message = reading.message;
      if (
        message.startsWith('the label is not closed') &&
        this.text.slice(span[1], this.index.lineEnd(span[1])).includes('#')
      ) {
        const line = this.text.slice(span[0], this.index.lineEnd(span[0])).trim().replace(/'/g, "''");
        message += ` (in YAML, " #" starts a comment: put the whole action in single quotes, - '${line}')`;
      }
      this.sink.error(at, message);
      return undefined;
    }
    return { kind: 'line', action: reading.action, at: this.position(span[0]) };
  }

  private readRepeat(key: string, pair: Pair, where: TextSpan, depth: number): PlannedItem | undefined {
    const keySpan = this.span(pair.key, where);
    const countText = key.slice(repeatKeyword.length).trim();
    if (countText === '') {
      this.sink.error(keySpan, 'repeat needs a count: - repeat 3:');
      return undefined;
    }
    if (!/^\d+$/.test(countText) || Number(countText) < 1) {
      this.sink.error(keySpan, `the repeat count must be a whole number of 1 or more; got "${countText}"`);
      return undefined;
    }
    const times = Number(countText);
    if (times > maxRepeatCount) {
      this.sink.error(keySpan, `the repeat count ${countText} is over the limit of ${maxRepeatCount}`);
      return undefined;
    }
    const value = pair.value;
    if (!isSeq(value)) {
      this.sink.error(this.span(value, keySpan), `repeat ${countText} needs its actions as a list indented below it`);
      return undefined;
    }
    if (value.items.length === 0) {
      this.sink.warning(keySpan, `repeat ${countText} holds no actions`);
    }
    const items = this.readActionList(value, keySpan, depth + 1);
    return items === undefined ? undefined : { kind: 'repeat', times, items, span: keySpan };
  }

  /** How many actions a list expands to (Infinity-safe: stops counting past the limit). */
  private countActions(items: readonly PlannedItem[]): number {
    let total = 0;
    for (const item of items) {
      if (item.kind === 'line') total += item.action.kind === 'action' ? item.action.times : 1;
      else {
        const inner = this.countActions(item.items) * item.times;
        if (inner > maxScenarioActions) {
          this.sink.error(
            item.span,
            `this repeat makes ${inner.toLocaleString('en-US')} actions; a scenario may have at most ${maxScenarioActions.toLocaleString('en-US')}`,
          );
          return Infinity;
        }
        total += inner;
      }
      if (total > maxScenarioActions) return total;
    }
    return total;
  }

  private *expand(
    items: readonly PlannedItem[],
    where: TextSpan,
    setup: Pick<Scenario, 'group' | 'topics' | 'consumers'>,
  ): SlicedWork<Action[] | undefined> {
    const total = this.countActions(items);
    if (total > maxScenarioActions) {
      if (Number.isFinite(total)) {
        this.sink.error(
          where,
          `the actions make ${total.toLocaleString('en-US')} steps; a scenario may have at most ${maxScenarioActions.toLocaleString('en-US')}`,
        );
      }
      return undefined;
    }
    let processAll = false;
    // One action object per item of the file, shared by all its repetitions (actions are never
    // changed): a million-step scenario holds a million references, not a million objects.
    const made = new Map<PlannedItem, Action>();
    // All of it goes into one list made at its full length; a repeat's block is expanded once,
    // then its references are copied after it (concatenating doubled blocks took 45 ms and a few
    // large arrays for a million steps).
    const flat = new Array<Action | ProcessAllMarker>(total);
    let length = 0;
    const withPositions = this.options.positions !== false;
    // It pauses every 65,536 actions: a million-step scenario is a million items to write.
    const expandList = function* (list: readonly PlannedItem[]): SlicedWork<void> {
      for (const item of list) {
        if (item.kind === 'repeat') {
          const start = length;
          yield* expandList(item.items);
          const end = start + (length - start) * item.times; // a repeat's count is at least 1
          for (let from = start; length < end; from++) {
            flat[length++] = flat[from];
            if ((length & 0xffff) === 0) yield;
          }
          continue;
        }
        const at = item.at;
        const planned = item.action;
        if (planned.kind === 'processAll') {
          processAll = true;
          flat[length++] = {
            kind: 'processAll',
            consumer: planned.consumer,
            ...(planned.label === undefined ? {} : { label: planned.label }),
            at,
          };
          continue;
        }
        let action = made.get(item);
        if (!action) {
          const where = withPositions ? { at } : {};
          made.set(item, (action = Object.freeze({ ...planned.body, ...where }) as Action));
        }
        for (let i = 0; i < planned.times; i++) {
          flat[length++] = action;
          if ((length & 0xffff) === 0) yield;
        }
      }
    };
    yield* expandList(items);
    if (!processAll) return flat as Action[];
    return yield* this.resolveProcessAll(flat, setup, where);
  }

  /**
   * `process all` handles what the consumer holds at that point of the run, which only a run can tell:
   * the simulator runs the actions so far and each marker becomes that many `process` actions.
   */
  private *resolveProcessAll(
    flat: readonly (Action | ProcessAllMarker)[],
    setup: Pick<Scenario, 'group' | 'topics' | 'consumers'>,
    where: TextSpan,
  ): SlicedWork<Action[] | undefined> {
    let simulator: OffsetSimulator | undefined;
    try {
      simulator = new OffsetSimulator(setup);
    } catch {
      simulator = undefined;
    }
    const apply = (action: Action): void => {
      if (!simulator) return;
      try {
        simulator.apply(action);
      } catch {
        simulator = undefined; // the run stops here; the trace will report the error at this step
      }
    };
    const actions: Action[] = [];
    for (const item of flat) {
      if ((actions.length & 0xff) === 0xff) yield; // a simulation: a pause every 256 actions
      if (!isProcessAll(item)) {
        actions.push(item);
        apply(item);
        continue;
      }
      let count = 1;
      if (simulator) {
        const consumer = simulator.state().consumers.find((candidate) => candidate.id === item.consumer);
        if (consumer?.status === 'running') count = consumer.pending.length;
      }
      for (let i = 0; i < count; i++) {
        const action: Action = {
          type: 'process',
          consumer: item.consumer,
          ...(item.label === undefined ? {} : { label: item.label }),
          ...(this.options.positions === false ? {} : { at: item.at }),
        };
        actions.push(action);
        apply(action);
      }
      if (actions.length > maxScenarioActions) {
        this.sink.error(where, `"process all" makes more than ${maxScenarioActions.toLocaleString('en-US')} steps`);
        return undefined;
      }
    }
    return actions;
  }
}

/** The keys of an action written as a mapping: the action, and why its outcome depends on timing. */
const timedActionKey = 'action';
const timingKey = 'timing';

/** How deep YAML may nest (flow brackets, or block levels) before the parser refuses the file unread. */
const maxYamlNesting = 100;

/**
 * The offset where the text nests deeper than {@link maxYamlNesting}, by a quick scan (flow brackets
 * outside quotes and comments; block levels by indentation and `- ` prefixes), so that a pathological
 * file is refused at once instead of exhausting the stack inside the YAML library.
 */
function excessiveNesting(text: string): number | undefined {
  let flowDepth = 0;
  let quote: string | undefined;
  const blockIndents: number[] = [];
  let lineStart = true;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (lineStart && quote === undefined && flowDepth === 0) {
      let column = 0;
      while (text[i + column] === ' ') column++;
      const first = text[i + column];
      if (first !== undefined && first !== '\n' && first !== '#') {
        while (blockIndents.length > 0 && blockIndents[blockIndents.length - 1] >= column) blockIndents.pop();
        blockIndents.push(column);
        // Compact nested items on one line (`- - - x`) each open a level.
        let at = i + column;
        while ((text[at] === '-' || text[at] === '?') && text[at + 1] === ' ') {
          at += 2;
          while (text[at] === ' ') at++;
          blockIndents.push(at - i);
          if (blockIndents.length > maxYamlNesting) return at;
        }
        if (blockIndents.length > maxYamlNesting) return i + column;
      }
    }
    lineStart = false;
    if (char === '\n') {
      lineStart = true;
      continue;
    }
    if (quote !== undefined) {
      if (char === '\\' && quote === '"') i++;
      else if (char === quote) quote = undefined;
      continue;
    }
    if (char === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      const newline = text.indexOf('\n', i);
      if (newline === -1) break;
      i = newline - 1;
      continue;
    }
    if ((char === '"' || char === "'") && (i === 0 || /[\s[{,:]/.test(text[i - 1]))) quote = char;
    else if (char === '[' || char === '{') {
      flowDepth++;
      if (flowDepth > maxYamlNesting) return i;
    } else if ((char === ']' || char === '}') && flowDepth > 0) flowDepth--;
  }
  return undefined;
}

function isProcessAll(item: Action | ProcessAllMarker): item is ProcessAllMarker {
  return (item as { kind?: string }).kind === 'processAll';
}

/** The yaml package's message without its trailing position text (the diagnostic carries the position). */
function yamlMessage(message: string): string {
  const cleaned = message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '').trim();
  return `YAML: ${cleaned || message}`;
}

/**
 * Parses a scenario file. Never throws. `scenario` is undefined when any diagnostic is an error;
 * warnings (a real Kafka setting the simulator does not model yet) leave it runnable. Every action
 * carries `at`, the 1-based position of its text (the same for every iteration of a `repeat`).
 */
export function parseScenarioFile(text: string, options: ParseScenarioOptions = {}): ParsedScenarioFile {
  return runToEnd(parseScenarioFileInSlices(text, options));
}

/**
 * {@link parseScenarioFile} as work that pauses now and then while it expands the repeats of a long
 * scenario (see {@link SlicedWork}): the extension host opens a million-step file in slices.
 */
export function* parseScenarioFileInSlices(
  text: string,
  options: ParseScenarioOptions = {},
): SlicedWork<ParsedScenarioFile> {
  const source = typeof text === 'string' ? text : '';
  const reader = new ScenarioFileReader(source, options ?? {});
  try {
    return yield* reader.readWork();
  } catch (error) {
    return reader.internalError(error);
  }
}

/** A trace file's first line: a JSON object naming its format. */
function looksLikeTraceHeader(text: string): boolean {
  const start = text.search(/\S/);
  if (start === -1 || text[start] !== '{') return false;
  const newline = text.indexOf('\n', start);
  const firstLine = text.slice(start, newline === -1 ? text.length : newline).trim();
  try {
    const header: unknown = JSON.parse(firstLine);
    return typeof header === 'object' && header !== null && 'format' in header;
  } catch {
    return false;
  }
}

/**
 * Whether a text is a scenario file rather than a trace file (JSON Lines), by its content: a YAML
 * mapping with an `actions` key. Also true for a scenario file with mistakes in it.
 */
export function isScenarioText(text: string): boolean {
  try {
    if (typeof text !== 'string' || looksLikeTraceHeader(text)) return false;
    const mentionsActions = /(^|[\n{,])[ \t]*["']?actions["']?[ \t]*:/.test(text);
    if (!mentionsActions) return false;
    if (text.length > 8_000_000) return /(^|\n)["']?actions["']?[ \t]*:/.test(text);
    const document = parseDocument(text, { prettyErrors: false });
    const root = document.contents;
    return isMap(root) && root.items.some((pair) => isScalar(pair.key) && pair.key.value === 'actions');
  } catch {
    return false;
  }
}
