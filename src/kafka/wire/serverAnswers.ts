// What a bootstrap server's first bytes say, with no client library: whether they can begin a Kafka
// response at all (an HTTP server or an SSH banner cannot), how to name them in a message, and how long
// each of several servers is waited for before the next one is asked too.

import { KafkaOperationError } from '../kafkaErrors';

/** The longest a bootstrap server is waited for before the next one is asked too. */
export const maxServerShareMs = 3000;

/** How long one of `servers` bootstrap servers is waited for before the next is asked: min(timeout / servers, 3 s). */
export function serverShareMs(timeoutMs: number, servers: number): number {
  return Math.min(timeoutMs / Math.max(servers, 1), maxServerShareMs);
}

/** A response size above this cannot begin an ApiVersions response (a few hundred bytes). */
const maxPlausibleResponseBytes = 0x00ffffff;

/** The first bytes of a TLS record (which the client itself reports as "Broker requires TLS."). */
export function looksLikeTls(bytes: Buffer): boolean {
  return bytes.length >= 3 && bytes[0] >= 0x14 && bytes[0] <= 0x17 && bytes[1] === 0x03 && bytes[2] <= 0x04;
}

/** What a server answered, for a message: its first line when that is printable text, else its first bytes in hex. */
export function describeAnswer(bytes: Buffer): string {
  const head = bytes.subarray(0, 200).toString('latin1');
  const line = head.split(/\r?\n|\r/)[0] ?? '';
  if (line.length > 0 && /^[\x20-\x7e]+$/.test(line)) {
    return `"${line.length > 80 ? `${line.slice(0, 80)}…` : line}"`;
  }
  const hex = [...bytes.subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return `bytes ${hex}${bytes.length > 8 ? ' …' : ''}`;
}

/**
 * True when `bytes`, the first a server sent after the ApiVersions request, cannot begin a Kafka
 * response: the 4-byte big-endian size is zero, negative or absurd (e.g. "HTTP" = 0x48545450).
 * Undefined while fewer than 4 bytes came; false for a TLS record (reported by the client itself).
 */
export function cannotBeKafka(bytes: Buffer): boolean | undefined {
  if (looksLikeTls(bytes)) return false;
  if (bytes.length < 4) return undefined;
  const size = bytes.readInt32BE(0);
  return size <= 0 || size > maxPlausibleResponseBytes;
}

/** The error for a server at `host:port` that answered `bytes`, which are not Kafka. */
export function notKafkaError(host: string, port: number, bytes: Buffer): KafkaOperationError {
  return new KafkaOperationError(
    'notKafka',
    `${host}:${port} is not a Kafka broker (it answered ${describeAnswer(bytes)})`,
  );
}
