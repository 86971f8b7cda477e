// Loading the lazily bundled Kafka client for a CLI command: a client that cannot be loaded (a broken
// build) becomes one configuration error line, never a stack trace.

import type { KafkaClient } from '../kafka/kafkaClientLoader';
import { KafkaOperationError } from '../kafka/kafkaErrors';

/** The client from `load`, or a KafkaOperationError saying why it could not be loaded. */
export function loadClientForCommand(load: () => KafkaClient): KafkaClient {
  try {
    return load();
  } catch (error) {
    throw new KafkaOperationError('configuration', `cannot load the Kafka client: ${(error as Error).message}`);
  }
}
