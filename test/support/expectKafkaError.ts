// Awaits an operation that must fail with one of our KafkaOperationErrors, and says how long it took.

import * as assert from 'node:assert/strict';
import { isKafkaOperationError, type KafkaOperationError } from '../../src/kafka/kafkaErrors';

/** The rejection of `promise`, as the KafkaOperationError it must be, with the time it took. */
export async function expectKafkaError(
  promise: Promise<unknown>,
): Promise<{ error: KafkaOperationError; elapsedMs: number }> {
  const started = Date.now();
  try {
    await promise;
  } catch (error) {
    assert.ok(isKafkaOperationError(error), `a KafkaOperationError, got ${String(error)}`);
    return { error, elapsedMs: Date.now() - started };
  }
  throw new assert.AssertionError({ message: 'expected the operation to fail' });
}
