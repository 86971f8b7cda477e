// Lean decoding for our own protocol modules (the group APIs the client library cannot describe): read
// compact arrays and skip strings, UUIDs, arrays and nullable structs without building objects for them,
// insist that a response is read to its last byte, and throw the library's ResponseError on error codes.

import { ResponseError, type API, type Reader, type ResponseErrorWithLocation } from '@platformatic/kafka';

const UUID_BYTES = 16;

/** A response whose bytes do not fit its schema (truncated, or with bytes left over). */
export class MalformedResponseError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MalformedResponseError';
  }
}

/**
 * Runs `decode` on a whole response body and checks it ended exactly at the last byte. Any failure to
 * read (the buffer ends early, a length runs past the end) becomes a {@link MalformedResponseError}
 * naming the API and version.
 */
export function decodeWholeResponse<T>(reader: Reader, apiName: string, apiVersion: number, decode: () => T): T {
  let decoded: T;
  try {
    decoded = decode();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new MalformedResponseError(`${apiName} v${apiVersion} response is malformed: ${reason}`, { cause: error });
  }
  if (reader.position !== reader.length) {
    const problem =
      reader.position > reader.length
        ? `it ends ${reader.position - reader.length} byte(s) early`
        : `${reader.length - reader.position} byte(s) are left over`;
    throw new MalformedResponseError(`${apiName} v${apiVersion} response is malformed: ${problem}`);
  }
  return decoded;
}

/** Throws the library's ResponseError, with `response` attached, when any error code was collected. */
export function throwOnErrorCodes(
  apiKey: number,
  apiVersion: number,
  errors: ResponseErrorWithLocation[],
  response: unknown,
): void {
  if (errors.length > 0) throw new ResponseError(apiKey, apiVersion, Object.fromEntries(errors), response);
}

/** The entry count of a compact array (null: encoded as null); refuses a count the bytes left cannot hold. */
function compactArrayCount(reader: Reader): number | null {
  const countPlusOne = reader.readUnsignedVarInt();
  if (countPlusOne === 0) return null;
  const count = countPlusOne - 1;
  if (count > reader.remaining) {
    throw new MalformedResponseError(`an array of ${count} entries cannot fit in ${reader.remaining} byte(s)`);
  }
  return count;
}

/** A compact array of structs (each entry ends with its tagged fields); null when encoded as null. */
export function readNullableStructArray<T>(
  reader: Reader,
  readEntry: (reader: Reader, index: number) => T,
): T[] | null {
  const count = compactArrayCount(reader);
  if (count === null) return null;
  const entries: T[] = [];
  for (let index = 0; index < count; index++) {
    entries.push(readEntry(reader, index));
    reader.readTaggedFields();
  }
  return entries;
}

/** A compact array of structs (each entry ends with its tagged fields); empty when encoded as null. */
export function readStructArray<T>(reader: Reader, readEntry: (reader: Reader, index: number) => T): T[] {
  return readNullableStructArray(reader, readEntry) ?? [];
}

/** A compact array of int32. */
export function readInt32Array(reader: Reader): number[] {
  const count = compactArrayCount(reader) ?? 0;
  const values: number[] = [];
  for (let index = 0; index < count; index++) values.push(reader.readInt32());
  return values;
}

/** A compact array of compact strings. */
export function readStringArray(reader: Reader): string[] {
  const count = compactArrayCount(reader) ?? 0;
  const values: string[] = [];
  for (let index = 0; index < count; index++) values.push(reader.readString());
  return values;
}

/** Moves past `byteCount` bytes, refusing to move past the end. */
export function skipBytes(reader: Reader, byteCount: number): void {
  if (byteCount > reader.remaining) {
    throw new MalformedResponseError(`${byteCount} byte(s) expected, ${reader.remaining} left`);
  }
  reader.skip(byteCount);
}

/** Moves past a UUID (16 bytes). */
export function skipUuid(reader: Reader): void {
  skipBytes(reader, UUID_BYTES);
}

/** Moves past a compact string, nullable or not (length + 1 as an unsigned varint, 0 for null). */
export function skipString(reader: Reader): void {
  const lengthPlusOne = reader.readUnsignedVarInt();
  if (lengthPlusOne > 1) skipBytes(reader, lengthPlusOne - 1);
}

/** Moves past a compact array of compact strings. */
export function skipStringArray(reader: Reader): void {
  const count = compactArrayCount(reader) ?? 0;
  for (let index = 0; index < count; index++) skipString(reader);
}

/** Moves past a compact array of structs: `skipEntry` skips one entry's fields, its tagged fields are skipped here. */
export function skipStructArray(reader: Reader, skipEntry: (reader: Reader) => void): void {
  const count = compactArrayCount(reader) ?? 0;
  for (let index = 0; index < count; index++) {
    skipEntry(reader);
    reader.readTaggedFields();
  }
}

/** Reads the presence byte of a nullable struct (Kafka writes -1 for null, 1 for present; any negative is null). */
export function readStructPresence(reader: Reader): boolean {
  return reader.readInt8() >= 0;
}

/** Moves past a nullable struct: `skipFields` skips its fields, its tagged fields are skipped here. */
export function skipNullableStruct(reader: Reader, skipFields: (reader: Reader) => void): void {
  if (!readStructPresence(reader)) return;
  skipFields(reader);
  reader.readTaggedFields();
}

/** The newest of `apis` inside the broker's advertised version range, or undefined when none is. */
export function newestApiInRange<A extends unknown[], R>(
  apis: readonly API<A, R>[],
  brokerMinVersion: number,
  brokerMaxVersion: number,
): API<A, R> | undefined {
  return apis
    .filter((api) => api.version >= brokerMinVersion && api.version <= brokerMaxVersion)
    .reduce<API<A, R> | undefined>((newest, api) => (newest && newest.version > api.version ? newest : api), undefined);
}

/** Throws a RangeError unless `apiVersion` is one of `supported` (for request builders and parsers). */
export function assertSupportedVersion(apiName: string, apiVersion: number, supported: readonly number[]): void {
  if (!supported.includes(apiVersion)) {
    throw new RangeError(`${apiName} v${apiVersion} is not supported (supported: ${supported.join(', ')})`);
  }
}
