// Reads the value of a Kafka setting written in a scenario file the way Kafka's ConfigDef parses a
// properties file: "6000" and 6000 are the same int, booleans ignore case, lists split at commas,
// enums accept only their values. Returns a message instead of throwing.

import { isAlias, isMap, isScalar, isSeq, Scalar } from 'yaml';
import { describeKafkaType, type KafkaPropertyDescription } from './consumerProperties';
import { didYouMean } from './nameSuggestions';

/** A setting's value once read: numbers for int/long, booleans, text, or a list of text. */
export type KafkaSettingValue = string | number | boolean | readonly string[];

/** The outcome of reading one setting. */
export type KafkaSettingReading =
  { readonly ok: true; readonly value: KafkaSettingValue } | { readonly ok: false; readonly message: string };

const intRange = { min: -(2 ** 31), max: 2 ** 31 - 1 };
const longRange = { min: -(2n ** 63n), max: 2n ** 63n - 1n };

/** The text of a scalar as a properties file would hold it: plain scalars as written, quoted ones as their value. */
export function scalarSourceText(scalar: Scalar): string {
  if (scalar.type === Scalar.PLAIN || scalar.type === undefined) {
    return typeof scalar.source === 'string' ? scalar.source : String(scalar.value);
  }
  return String(scalar.value);
}

function failure(message: string): KafkaSettingReading {
  return { ok: false, message };
}

function wrongType(property: KafkaPropertyDescription, got: string): KafkaSettingReading {
  return failure(`${property.name} must be ${describeKafkaType(property)}; got ${got}`);
}

/** Java's Integer.parseInt / Long.parseLong on trimmed text: an optional sign and decimal digits. */
function readWholeNumber(property: KafkaPropertyDescription, text: string): KafkaSettingReading {
  const trimmed = text.trim();
  if (!/^[+-]?\d+$/.test(trimmed)) return wrongType(property, JSON.stringify(text));
  const big = BigInt(trimmed);
  const fits =
    property.type === 'int'
      ? big >= BigInt(intRange.min) && big <= BigInt(intRange.max)
      : big >= longRange.min && big <= longRange.max;
  if (!fits) {
    return failure(`${property.name} must be ${describeKafkaType(property)}; ${trimmed} is out of its range`);
  }
  const value = Number(big);
  if (property.minimum !== undefined && value < property.minimum) {
    return failure(`${property.name} must be at least ${property.minimum}; got ${trimmed}`);
  }
  return { ok: true, value };
}

function readEnum(property: KafkaPropertyDescription, text: string): KafkaSettingReading {
  const trimmed = text.trim();
  const allowed = property.allowedValues ?? [];
  const match = property.caseInsensitive
    ? allowed.find((candidate) => candidate.toLowerCase() === trimmed.toLowerCase())
    : allowed.find((candidate) => candidate === trimmed);
  if (match !== undefined) return { ok: true, value: match };
  if (property.name === 'auto.offset.reset' && trimmed.startsWith('by_duration:')) {
    return failure(
      `auto.offset.reset=${trimmed}: by_duration is a Kafka 4 reset policy the simulator does not model yet; use earliest, latest or none`,
    );
  }
  return failure(
    `${property.name} must be ${describeKafkaType(property)}; got ${JSON.stringify(text)}.${didYouMean(trimmed, allowed)}`.replace(
      /\.$/,
      '',
    ),
  );
}

function readText(property: KafkaPropertyDescription, text: string): KafkaSettingReading {
  const trimmed = text.trim();
  switch (property.type) {
    case 'boolean': {
      const lower = trimmed.toLowerCase();
      if (lower === 'true') return { ok: true, value: true };
      if (lower === 'false') return { ok: true, value: false };
      return wrongType(property, JSON.stringify(text));
    }
    case 'int':
    case 'long':
      return readWholeNumber(property, text);
    case 'enum':
      return readEnum(property, text);
    case 'list':
      return { ok: true, value: trimmed === '' ? [] : trimmed.split(/\s*,\s*/) };
    case 'class':
      if (!/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(trimmed)) return wrongType(property, JSON.stringify(text));
      return { ok: true, value: trimmed };
    case 'string':
    case 'password':
      if (property.nonEmpty && trimmed === '') return failure(`${property.name} must not be empty`);
      return { ok: true, value: trimmed };
  }
}

/**
 * Reads the YAML value node of a Kafka setting (a scalar, or a YAML list for list settings) as Kafka
 * would read the same text from a properties file.
 */
export function readKafkaSetting(property: KafkaPropertyDescription, node: unknown): KafkaSettingReading {
  if (isAlias(node)) return failure('YAML aliases (*name) are not supported in a scenario file: write the value out');
  if (isMap(node)) return wrongType(property, 'a mapping');
  if (isSeq(node)) {
    if (property.type !== 'list') return wrongType(property, 'a list');
    const values: string[] = [];
    for (const item of node.items) {
      if (!isScalar(item) || item.value === null || typeof item.value === 'object') {
        return failure(`${property.name} must be a list of names; one item is not a plain value`);
      }
      values.push(scalarSourceText(item).trim());
    }
    return { ok: true, value: values };
  }
  if (!isScalar(node) || node.value === null || node.value === undefined) {
    return failure(`${property.name} needs a value: ${describeKafkaType(property)}`);
  }
  return readText(property, scalarSourceText(node));
}
