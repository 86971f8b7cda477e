// The JSON schema of scenario files (media/schemas/offsets-scenario.schema.json, which Red Hat's YAML
// extension applies to *.offsets.yaml), built from the property catalog and the verb vocabulary so that
// the two cannot drift: a unit test compares the shipped file with this. No `vscode` here.

import {
  consumerProperties,
  formatKafkaDefault,
  groupProperties,
  type GroupProtocolName,
  type KafkaPropertyDescription,
} from '../../scenarios/consumerProperties';
import {
  groupIdKey,
  repeatDoc,
  repeatKeyword,
  scenarioFileKeys,
  scenarioVerbs,
  topicKeys,
} from '../../scenarios/scenarioVocabulary';

/** A JSON schema value (the schema is plain JSON). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
type JsonObject = { [key: string]: JsonValue };

const space = '[ \\t]+';
const partition = '[A-Za-z0-9_.-]+-[0-9]+';
const count = '[+]?[0-9]+';
/** A label in double quotes (backslash escapes) or single quotes (`''` for a quote), as the parser reads it. */
const label = `(?:${space}(?:"(?:[^"\\\\]|\\\\.)*"|'(?:[^']|'')*'))?`;

/**
 * What may follow each verb (before an optional `"label"`), as a regular expression; every verb of
 * the vocabulary has one (the unit tests check it, and that every documented form matches).
 */
export const verbArgumentPatterns: Readonly<Record<string, string>> = {
  start: '',
  poll: '',
  process: `(?:${space}(?:${count}|all))?`,
  commitSync: `(?:${space}processed|(?:${space}${partition}=${count})+)?`,
  commitAsync: '',
  crash: '',
  restart: '',
  close: '',
  seek: `${space}${partition}${space}${count}`,
  wait: `${space}[0-9]+(?:\\.[0-9]+)?(?:ms|s|m)`,
  produce: `${space}${partition}${space}${count}`,
  'begin-transaction': '',
  'produce-transactional': `${space}${partition}${space}${count}`,
  'commit-transaction': '',
  'abort-transaction': '',
  'delete-records': `${space}${partition}${space}${count}`,
};

/** The pattern an action string matches: `<consumer> <verb> …` or `<verb> …`, then an optional label. */
export function actionPattern(): string {
  const forms = scenarioVerbs.map((verb) => {
    const name = verb.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const argumentsPattern = verbArgumentPatterns[verb.name] ?? '(?:[ \\t]+[^"]*?)?';
    return verb.takesConsumer
      ? `[A-Za-z0-9_][A-Za-z0-9_.-]*${space}${name}${argumentsPattern}`
      : `${name}${argumentsPattern}`;
  });
  return `^(?:${forms.join('|')})${label}[ \\t]*$`;
}

/** The whole schema, as JSON. */
export function scenarioJsonSchema(): JsonObject {
  const keyDoc = (name: string): string => scenarioFileKeys.find((key) => key.name === name)?.doc ?? '';
  const topicKeyDoc = (name: string): string => topicKeys.find((key) => key.name === name)?.doc ?? '';
  const verbList = scenarioVerbs
    .flatMap((verb) => verb.forms.map((form) => `- \`${form.syntax}\`: ${form.doc}`))
    .join('\n');
  const countOrList: JsonObject = {
    anyOf: [
      { type: 'integer', minimum: 0 },
      { type: 'array', items: { type: 'integer', minimum: 0 } },
    ],
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Kafka Offset Trace scenario',
    description:
      'A scenario file (*.offsets.yaml): a topic layout, a consumer group with Kafka consumer settings, and actions, one a line.',
    type: 'object',
    additionalProperties: false,
    required: scenarioFileKeys.filter((key) => key.required).map((key) => key.name),
    properties: {
      name: { type: 'string', minLength: 1, description: keyDoc('name') },
      title: { type: 'string', description: keyDoc('title') },
      summary: { type: 'string', description: keyDoc('summary') },
      group: {
        description: keyDoc('group'),
        anyOf: [
          { type: 'string', minLength: 1 },
          {
            type: 'object',
            additionalProperties: false,
            required: [groupIdKey],
            properties: {
              [groupIdKey]: { type: 'string', minLength: 1, description: 'The consumer group id.' },
              ...propertySchemas(groupProperties),
            },
          },
        ],
      },
      topics: {
        description: keyDoc('topics'),
        type: 'object',
        minProperties: 1,
        additionalProperties: { $ref: '#/definitions/topic' },
      },
      consumers: {
        description: keyDoc('consumers'),
        type: 'object',
        minProperties: 1,
        additionalProperties: { $ref: '#/definitions/consumer' },
      },
      actions: { description: keyDoc('actions'), $ref: '#/definitions/actions' },
    },
    definitions: {
      topic: {
        type: ['object', 'null'],
        additionalProperties: false,
        properties: {
          partitions: { type: 'integer', minimum: 1, description: topicKeyDoc('partitions') },
          records: { ...countOrList, description: topicKeyDoc('records') },
          logStart: { ...countOrList, description: topicKeyDoc('logStart') },
        },
      },
      consumer: {
        description:
          "Kafka consumer settings, by Kafka's own property names; what is not stated takes Kafka's default.",
        type: ['object', 'null'],
        properties: propertySchemas(consumerProperties),
        // Kafka has many more ssl.* and sasl.* settings than the catalog lists: real ones, accepted.
        patternProperties: { '^(ssl|sasl)\\.[a-z0-9]+(\\.[a-z0-9]+)*$': {} },
        additionalProperties: false,
        allOf: protocolRules(),
      },
      actions: {
        type: 'array',
        items: {
          if: { type: 'string' },
          then: { $ref: '#/definitions/action' },
          else: {
            if: { type: 'object', required: ['action'] },
            then: { $ref: '#/definitions/timedAction' },
            else: { $ref: '#/definitions/repeat' },
          },
        },
      },
      action: {
        type: 'string',
        pattern: actionPattern(),
        patternErrorMessage:
          'Not an action: write "<consumer> <verb>" (c1 poll) or a verb that takes no consumer (wait 6s), then an optional "label".',
        description: 'One action, one step of the trace.',
        markdownDescription: `One action, one step of the trace. An optional \`"label"\` at the end names the step.\n\n${verbList}`,
      },
      timedAction: {
        type: 'object',
        description:
          'An action whose outcome on a real broker depends on timing: run-on-kafka leaves its step out of the comparison and says why.',
        required: ['action'],
        properties: {
          action: { $ref: '#/definitions/action' },
          timing: { type: 'string', minLength: 1, description: 'Why the outcome depends on timing on a real broker.' },
        },
        additionalProperties: false,
      },
      repeat: {
        type: 'object',
        description: repeatDoc,
        minProperties: 1,
        maxProperties: 1,
        propertyNames: { pattern: `^${repeatKeyword} [1-9][0-9]*$` },
        additionalProperties: { $ref: '#/definitions/actions' },
      },
    },
  };
}

/** One schema per property: its type, default and meaning. */
function propertySchemas(properties: readonly KafkaPropertyDescription[]): JsonObject {
  return Object.fromEntries(properties.map((property) => [property.name, propertySchema(property)]));
}

function propertySchema(property: KafkaPropertyDescription): JsonObject {
  const description = `${property.meaning} Kafka's default: ${formatKafkaDefault(property.defaultValue)}.${
    property.simulatorField === undefined ? ' Not modelled by the simulator.' : ' Modelled by the simulator.'
  }`;
  const schema: JsonObject = { ...valueSchema(property), description };
  if (property.defaultValue !== null) schema.default = toJson(property.defaultValue);
  return schema;
}

function valueSchema(property: KafkaPropertyDescription): JsonObject {
  switch (property.type) {
    case 'int':
    case 'long': {
      // Kafka reads "6000" as it reads 6000 (a properties file holds only text).
      const number: JsonObject =
        property.minimum === undefined ? { type: 'integer' } : { type: 'integer', minimum: property.minimum };
      return { anyOf: [number, { type: 'string', pattern: '^\\s*[+-]?[0-9]+\\s*$' }] };
    }
    case 'boolean':
      return { anyOf: [{ type: 'boolean' }, { type: 'string', pattern: caseInsensitivePattern(['true', 'false']) }] };
    case 'enum': {
      const values = [...(property.allowedValues ?? [])];
      if (property.caseInsensitive !== true) return { enum: values };
      return { anyOf: [{ enum: values }, { type: 'string', pattern: caseInsensitivePattern(values) }] };
    }
    case 'list':
      return { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] };
    case 'string':
    case 'class':
    case 'password':
      return property.nonEmpty === true ? { type: 'string', minLength: 1 } : { type: 'string' };
  }
}

/** The settings each group protocol refuses (the Java client throws a ConfigException for them). */
function protocolRules(): JsonValue[] {
  const refused = (protocol: GroupProtocolName): JsonObject =>
    Object.fromEntries(
      consumerProperties
        .filter((property) => property.refusedWith?.includes(protocol))
        .map((property) => [property.name, false]),
    );
  const consumerProtocol: JsonObject = {
    properties: { 'group.protocol': { type: 'string', pattern: caseInsensitivePattern(['consumer']) } },
    required: ['group.protocol'],
  };
  return [
    { if: consumerProtocol, then: { properties: refused('consumer') }, else: { properties: refused('classic') } },
  ];
}

function caseInsensitivePattern(values: readonly string[]): string {
  const letters = (value: string): string =>
    [...value]
      .map((character) => {
        const lower = character.toLowerCase();
        const upper = character.toUpperCase();
        if (lower !== upper) return `[${lower}${upper}]`;
        return character.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('');
  return `^\\s*(?:${values.map(letters).join('|')})\\s*$`;
}

function toJson(value: NonNullable<KafkaPropertyDescription['defaultValue']>): JsonValue {
  return typeof value === 'object' ? [...value] : value;
}
