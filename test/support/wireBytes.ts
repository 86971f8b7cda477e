// Kafka wire primitives written by hand for tests of our protocol code, independently of both the
// client library's Writer and our own WireWriter.

/** Kafka wire primitives appended one by one, written here independently of the library's Writer. */
export class WireBytes {
  private readonly parts: Buffer[] = [];

  private push(bytes: Buffer): this {
    this.parts.push(bytes);
    return this;
  }
  /** Bytes as they are. */
  raw(bytes: Buffer): this {
    return this.push(bytes);
  }
  /** A classic (int16 length) nullable string, as in request headers and the consumer protocol. */
  classicString(value: string | null): this {
    if (value === null) return this.int16(-1);
    const bytes = Buffer.from(value, 'utf8');
    return this.int16(bytes.length).push(bytes);
  }
  int8(value: number): this {
    const bytes = Buffer.alloc(1);
    bytes.writeInt8(value);
    return this.push(bytes);
  }
  int16(value: number): this {
    const bytes = Buffer.alloc(2);
    bytes.writeInt16BE(value);
    return this.push(bytes);
  }
  uint16(value: number): this {
    const bytes = Buffer.alloc(2);
    bytes.writeUInt16BE(value);
    return this.push(bytes);
  }
  int32(value: number): this {
    const bytes = Buffer.alloc(4);
    bytes.writeInt32BE(value);
    return this.push(bytes);
  }
  int64(value: bigint): this {
    const bytes = Buffer.alloc(8);
    bytes.writeBigInt64BE(value);
    return this.push(bytes);
  }
  bool(value: boolean): this {
    return this.int8(value ? 1 : 0);
  }
  uvarint(value: number): this {
    const bytes: number[] = [];
    let rest = value;
    while (rest >= 0x80) {
      bytes.push((rest & 0x7f) | 0x80);
      rest = Math.floor(rest / 0x80);
    }
    bytes.push(rest);
    return this.push(Buffer.from(bytes));
  }
  /** A compact (nullable) string: length + 1 as an unsigned varint, 0 for null. */
  string(value: string | null): this {
    if (value === null) return this.uvarint(0);
    const bytes = Buffer.from(value, 'utf8');
    return this.uvarint(bytes.length + 1).push(bytes);
  }
  /** A compact array's length prefix: count + 1, 0 for null. The entries follow. */
  arrayOf(count: number | null): this {
    return this.uvarint(count === null ? 0 : count + 1);
  }
  uuid(hex: string): this {
    return this.push(Buffer.from(hex, 'hex'));
  }
  /** A nullable struct's presence byte: 1 present, -1 absent. */
  present(): this {
    return this.int8(1);
  }
  absent(): this {
    return this.int8(-1);
  }
  /** A tagged-field section: the field count, then each field's tag, size and bytes. */
  tags(...fields: [tag: number, bytes: Buffer][]): this {
    this.uvarint(fields.length);
    for (const [tag, bytes] of fields) this.uvarint(tag).uvarint(bytes.length).push(bytes);
    return this;
  }
  build(): Buffer {
    return Buffer.concat(this.parts);
  }
}
