// The one-line text shown for a failure, whether it came from Kafka (already one line, with the
// reason) or from anywhere else.

import { isKafkaOperationError } from '../kafka/kafkaErrors';

/** One-line text of an error from Kafka or elsewhere. */
export function errorText(error: unknown): string {
  if (isKafkaOperationError(error)) return error.message;
  return error instanceof Error ? error.message : String(error);
}
