// Decoding of `__consumer_offsets` records (pure, no I/O), for reading a group's commit history from the
// log as Burrow does: the record key (OffsetCommitKey v0/v1, GroupMetadataKey v2, newer coordinator
// record types ignored), the OffsetCommitValue (versions 0..4, v4 flexible) with its commit timestamp, a
// null value meaning the offset was deleted, and the `__consumer_offsets` partition that holds a group
// (Kafka's `Utils.abs(groupId.hashCode()) % partitionCount`). Schemas: Kafka 4.4's OffsetCommitKey.json,
// LegacyOffsetCommitKey.json, GroupMetadataKey.json and OffsetCommitValue.json (kafka-group-coordinator).

/** Bytes that do not fit the schema they claim (truncated, a bad length, an unknown value version). */
export class CommitLogDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommitLogDecodeError';
  }
}

/** The key of a `__consumer_offsets` record. */
export type CommitLogKey =
  /** An offset commit (key version 0 = LegacyOffsetCommitKey, 1 = OffsetCommitKey: the same fields). */
  | {
      readonly kind: 'offsetCommit';
      readonly version: 0 | 1;
      readonly group: string;
      readonly topic: string;
      readonly partition: number;
    }
  /** A classic group's metadata (key version 2). */
  | { readonly kind: 'groupMetadata'; readonly group: string }
  /** Any other coordinator record type (KIP-848 consumer groups, share and streams groups: versions 3+). */
  | { readonly kind: 'other'; readonly version: number };

/** An OffsetCommitValue. Offsets and timestamps are int64 on the wire, numbers here (exact below 2^53). */
export interface OffsetCommitValue {
  readonly version: number;
  readonly offset: number;
  /** The leader epoch of the last consumed record (v3+); -1 when unknown; absent before v3. */
  readonly leaderEpoch?: number;
  readonly metadata: string;
  /** When the coordinator wrote the commit, epoch milliseconds. */
  readonly commitTimestampMs: number;
  /** v1 only: when the offset expires (-1: by the broker's retention). */
  readonly expireTimestampMs?: number;
}

/** One `__consumer_offsets` record, decoded. */
export type CommitLogRecord =
  | {
      readonly kind: 'commit';
      readonly group: string;
      readonly topic: string;
      readonly partition: number;
      readonly value: OffsetCommitValue;
    }
  /** A tombstone: the group's offset for this partition was deleted (or expired). */
  | { readonly kind: 'deleted'; readonly group: string; readonly topic: string; readonly partition: number }
  /** Not an offset commit (group metadata, newer record types, a record without key). */
  | { readonly kind: 'ignored' }
  /** An offset-commit record whose bytes could not be decoded; `reason` says why. */
  | { readonly kind: 'undecodable'; readonly reason: string };

/** The highest OffsetCommitValue version Kafka 4.4 writes; later versions are not backward compatible (KIP-915). */
export const maxOffsetCommitValueVersion = 4;
const firstFlexibleValueVersion = 4;

/** A bounds-checked cursor over a record's bytes, big-endian as Kafka encodes. */
class Cursor {
  private position = 0;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly what: string,
  ) {}

  private view(size: number): DataView {
    if (size > this.bytes.length - this.position) {
      throw new CommitLogDecodeError(
        `${this.what} is truncated: ${size} byte(s) needed at byte ${this.position}, ${this.bytes.length - this.position} left`,
      );
    }
    const view = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.position, size);
    this.position += size;
    return view;
  }

  int16(): number {
    return this.view(2).getInt16(0);
  }

  int32(): number {
    return this.view(4).getInt32(0);
  }

  int64(): number {
    return Number(this.view(8).getBigInt64(0));
  }

  /** An unsigned varint (at most 5 bytes, as Kafka's ByteUtils.readUnsignedVarint). */
  unsignedVarInt(): number {
    let value = 0;
    for (let i = 0; i < 5; i++) {
      const byte = this.view(1).getUint8(0);
      value += (byte & 0x7f) * 2 ** (7 * i);
      if ((byte & 0x80) === 0) return value;
    }
    throw new CommitLogDecodeError(`${this.what} has a varint longer than 5 bytes`);
  }

  private utf8(length: number): string {
    const view = this.view(length);
    return Buffer.from(view.buffer, view.byteOffset, length).toString('utf8');
  }

  /** A non-flexible string: int16 length then UTF-8 bytes (-1, null, read as ''). */
  string(): string {
    const length = this.int16();
    if (length < -1) throw new CommitLogDecodeError(`${this.what} has a negative string length ${length}`);
    return length <= 0 ? '' : this.utf8(length);
  }

  /** A compact string: unsigned varint length + 1 (0, null, read as ''), then UTF-8 bytes. */
  compactString(): string {
    const lengthPlusOne = this.unsignedVarInt();
    return lengthPlusOne <= 1 ? '' : this.utf8(lengthPlusOne - 1);
  }

  /** Moves past a tagged-field section (count, then tag, size and bytes of each). */
  skipTaggedFields(): void {
    const count = this.unsignedVarInt();
    for (let i = 0; i < count; i++) {
      this.unsignedVarInt(); // tag
      this.view(this.unsignedVarInt());
    }
  }
}

/** Decodes a `__consumer_offsets` record key; throws {@link CommitLogDecodeError} when truncated. */
export function decodeCommitLogKey(bytes: Uint8Array): CommitLogKey {
  const cursor = new Cursor(bytes, 'the record key');
  const version = cursor.int16();
  if (version === 0 || version === 1) {
    const group = cursor.string();
    const topic = cursor.string();
    const partition = cursor.int32();
    return { kind: 'offsetCommit', version, group, topic, partition };
  }
  if (version === 2) return { kind: 'groupMetadata', group: cursor.string() };
  return { kind: 'other', version };
}

/**
 * Decodes an OffsetCommitValue (versions 0..4); throws {@link CommitLogDecodeError} when the bytes are
 * truncated or the version is unknown. Bytes after the last field of a non-flexible version are ignored.
 */
export function decodeOffsetCommitValue(bytes: Uint8Array): OffsetCommitValue {
  const cursor = new Cursor(bytes, 'the offset commit value');
  const version = cursor.int16();
  if (version < 0 || version > maxOffsetCommitValueVersion) {
    throw new CommitLogDecodeError(`unknown offset commit value version ${version}`);
  }
  const flexible = version >= firstFlexibleValueVersion;
  const offset = cursor.int64();
  const leaderEpoch = version >= 3 ? cursor.int32() : undefined;
  const metadata = flexible ? cursor.compactString() : cursor.string();
  const commitTimestampMs = cursor.int64();
  const expireTimestampMs = version === 1 ? cursor.int64() : undefined;
  if (flexible) cursor.skipTaggedFields();
  return {
    version,
    offset,
    ...(leaderEpoch !== undefined ? { leaderEpoch } : {}),
    metadata,
    commitTimestampMs,
    ...(expireTimestampMs !== undefined ? { expireTimestampMs } : {}),
  };
}

/**
 * Decodes one `__consumer_offsets` record from its key and value bytes. Never throws: a record that is
 * not an offset commit is 'ignored', an offset commit (or a key) that cannot be decoded is 'undecodable'.
 */
export function decodeCommitLogRecord(
  key: Uint8Array | null | undefined,
  value: Uint8Array | null | undefined,
): CommitLogRecord {
  if (!key || key.length === 0) return { kind: 'ignored' };
  let decodedKey: CommitLogKey;
  try {
    decodedKey = decodeCommitLogKey(key);
  } catch (error) {
    return { kind: 'undecodable', reason: reasonOf(error) };
  }
  if (decodedKey.kind !== 'offsetCommit') return { kind: 'ignored' };
  const { group, topic, partition } = decodedKey;
  if (value === null || value === undefined) return { kind: 'deleted', group, topic, partition };
  try {
    return { kind: 'commit', group, topic, partition, value: decodeOffsetCommitValue(value) };
  } catch (error) {
    return { kind: 'undecodable', reason: `${group} ${topic}-${partition}: ${reasonOf(error)}` };
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Java's `String.hashCode()`: `s[0]*31^(n-1) + ... + s[n-1]` over UTF-16 code units, in 32-bit arithmetic. */
export function javaStringHashCode(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  return hash;
}

/** Kafka's `Utils.abs`: `Math.abs`, except that Integer.MIN_VALUE (whose `Math.abs` is negative) maps to 0. */
export function kafkaAbs(n: number): number {
  return n === -2147483648 ? 0 : Math.abs(n);
}

/** The `__consumer_offsets` partition holding `groupId`'s records, as Kafka's group coordinator places it. */
export function consumerOffsetsPartitionFor(groupId: string, partitionCount: number): number {
  if (!Number.isInteger(partitionCount) || partitionCount <= 0) {
    throw new RangeError(`the partition count of __consumer_offsets must be a positive integer, not ${partitionCount}`);
  }
  return kafkaAbs(javaStringHashCode(groupId)) % partitionCount;
}
