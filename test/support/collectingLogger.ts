// A Kafka logger for tests that keeps every line it is given, each prefixed with its level.

import type { KafkaLogger } from '../../src/kafka/kafkaModel';

/** A logger that keeps every line of every level in `lines` ("info message", "warn message", …). */
export function collectingLogger(): KafkaLogger & { readonly lines: string[] } {
  const lines: string[] = [];
  const keep =
    (level: string) =>
    (message: string): void => {
      lines.push(`${level} ${message}`);
    };
  return { lines, debug: keep('debug'), info: keep('info'), warn: keep('warn'), error: keep('error') };
}
