// Encodes the body of a Kafka request into one growing buffer: fixed-width integers, unsigned
// varints, classic and compact strings, compact bytes and arrays, and empty tagged-field sections. No library,
// so that a describe does not load the Kafka client bundle.

/** Writes Kafka protocol primitives, big-endian, into a buffer that grows as needed. */
export class WireWriter {
  private buffer = Buffer.allocUnsafe(256);
  private length = 0;

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }

  int8(value: number): this {
    this.reserve(1);
    this.buffer.writeInt8(value, this.length);
    this.length += 1;
    return this;
  }

  bool(value: boolean): this {
    return this.int8(value ? 1 : 0);
  }

  int16(value: number): this {
    this.reserve(2);
    this.buffer.writeInt16BE(value, this.length);
    this.length += 2;
    return this;
  }

  int32(value: number): this {
    this.reserve(4);
    this.buffer.writeInt32BE(value, this.length);
    this.length += 4;
    return this;
  }

  int64(value: bigint): this {
    this.reserve(8);
    this.buffer.writeBigInt64BE(value, this.length);
    this.length += 8;
    return this;
  }

  /** An unsigned varint (protobuf style, 7 bits a byte). */
  uvarint(value: number): this {
    this.reserve(5);
    let rest = value >>> 0;
    while (rest >= 0x80) {
      this.buffer[this.length++] = (rest & 0x7f) | 0x80;
      rest >>>= 7;
    }
    this.buffer[this.length++] = rest;
    return this;
  }

  /** A non-flexible (int16-length) nullable string, as request header v1/v2's client id. */
  string(value: string | null): this {
    if (value === null) return this.int16(-1);
    const bytes = Buffer.byteLength(value, 'utf8');
    this.int16(bytes);
    this.reserve(bytes);
    this.length += this.buffer.write(value, this.length, 'utf8');
    return this;
  }

  /** A compact (varint length + 1) nullable string. */
  compactString(value: string | null): this {
    if (value === null) return this.uvarint(0);
    const bytes = Buffer.byteLength(value, 'utf8');
    this.uvarint(bytes + 1);
    this.reserve(bytes);
    this.length += this.buffer.write(value, this.length, 'utf8');
    return this;
  }

  /** Compact (varint length + 1) bytes. */
  compactBytes(value: Uint8Array): this {
    this.uvarint(value.length + 1);
    this.reserve(value.length);
    this.buffer.set(value, this.length);
    this.length += value.length;
    return this;
  }

  /** A compact (varint count + 1) nullable array, each item written by `write`. */
  compactArray<T>(items: readonly T[] | null, write: (item: T, writer: this) => void): this {
    if (items === null) return this.uvarint(0);
    this.uvarint(items.length + 1);
    for (const item of items) write(item, this);
    return this;
  }

  /** A zero UUID (e.g. "no topic id": the name says which topic). */
  zeroUuid(): this {
    this.reserve(16);
    this.buffer.fill(0, this.length, this.length + 16);
    this.length += 16;
    return this;
  }

  /** An empty tagged-field section (flexible versions end every struct with one). */
  noTags(): this {
    return this.uvarint(0);
  }

  /** The bytes written so far (a view, not a copy). */
  bytes(): Buffer {
    return this.buffer.subarray(0, this.length);
  }
}
