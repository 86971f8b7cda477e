// Decodes a Kafka response body in place: fixed-width integers, unsigned varints, compact strings,
// arrays and bytes, and skips (tagged fields, strings, UUIDs) that build nothing. Every read checks the
// bounds, so a truncated or corrupt response fails with a MalformedWireResponse, never a RangeError.

/** A response whose bytes do not fit the schema it was read with. */
export class MalformedWireResponse extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedWireResponse';
  }
}

const twoTo32 = 4294967296;

/** Reads Kafka protocol primitives, big-endian, from `buffer[start, end)`. */
export class WireReader {
  position: number;

  constructor(
    readonly buffer: Buffer,
    start = 0,
    readonly end = buffer.length,
  ) {
    this.position = start;
  }

  get remaining(): number {
    return this.end - this.position;
  }

  private take(bytes: number): number {
    const at = this.position;
    if (bytes < 0 || at + bytes > this.end) {
      throw new MalformedWireResponse(`needs ${bytes} byte(s) at offset ${at}, has ${this.end - at}`);
    }
    this.position = at + bytes;
    return at;
  }

  int8(): number {
    return this.buffer.readInt8(this.take(1));
  }

  bool(): boolean {
    return this.int8() !== 0;
  }

  int16(): number {
    return this.buffer.readInt16BE(this.take(2));
  }

  int32(): number {
    return this.buffer.readInt32BE(this.take(4));
  }

  /** An int64 as a number (offsets and timestamps stay below 2^53). */
  int64(): number {
    const at = this.take(8);
    return this.buffer.readInt32BE(at) * twoTo32 + this.buffer.readUInt32BE(at + 4);
  }

  uvarint(): number {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = this.buffer[this.take(1)];
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
    throw new MalformedWireResponse(`a varint at offset ${this.position} runs over 5 bytes`);
  }

  /** The entry count of a compact array, -1 for null; refuses a count the remaining bytes cannot hold. */
  compactArrayLength(): number {
    const countPlusOne = this.uvarint();
    if (countPlusOne === 0) return -1;
    const count = countPlusOne - 1;
    if (count > this.remaining) {
      throw new MalformedWireResponse(`an array of ${count} entries cannot fit in ${this.remaining} byte(s)`);
    }
    return count;
  }

  compactNullableString(): string | null {
    const lengthPlusOne = this.uvarint();
    if (lengthPlusOne === 0) return null;
    const at = this.take(lengthPlusOne - 1);
    return this.buffer.toString('utf8', at, this.position);
  }

  compactString(): string {
    const value = this.compactNullableString();
    if (value === null)
      throw new MalformedWireResponse(`a null string where one is required (offset ${this.position})`);
    return value;
  }

  skipCompactString(): void {
    const lengthPlusOne = this.uvarint();
    if (lengthPlusOne > 0) this.take(lengthPlusOne - 1);
  }

  /** Compact bytes as a view into the response (empty for null). */
  compactBytes(): Buffer {
    const lengthPlusOne = this.uvarint();
    if (lengthPlusOne === 0) return Buffer.alloc(0);
    const at = this.take(lengthPlusOne - 1);
    return this.buffer.subarray(at, this.position);
  }

  /** Skips a compact array of fixed-width entries (e.g. int32 replica ids). */
  skipCompactArrayOf(entryBytes: number): void {
    const count = this.compactArrayLength();
    if (count > 0) this.take(count * entryBytes);
  }

  skipBytes(bytes: number): void {
    this.take(bytes);
  }

  /** Skips a tagged-field section (its fields are optional extras this reader does not use). */
  skipTags(): void {
    const count = this.uvarint();
    for (let i = 0; i < count; i++) {
      this.uvarint(); // tag
      this.take(this.uvarint());
    }
  }

  /** Fails unless the whole body was read: a response longer than its schema is not the one expected. */
  expectEnd(what: string): void {
    if (this.position !== this.end) {
      throw new MalformedWireResponse(`${what}: ${this.end - this.position} byte(s) left over`);
    }
  }
}
