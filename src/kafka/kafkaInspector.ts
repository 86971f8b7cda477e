// The read-only Kafka inspector of one cluster: lists and describes consumer groups, every call under
// the connection timeout. It never joins a group or commits. Logs through the options' logger.

import { adminOptions } from './connectionOptions';
import { describeGroupWith } from './groupDescribe';
import { listGroupsWith } from './groupListing';
import { createOperationRunner } from './inspectorOperation';
import { describeConnection, loggerOf } from './kafkaLogger';
import { defaultTimeoutMs, type GroupDescription, type GroupListing, type KafkaConnectionOptions } from './kafkaModel';
import { createLazyAdmin } from './lazyAdmin';

/** Read-only access to one cluster's consumer groups. Every call settles within the connection timeout. */
export interface KafkaInspector {
  /** Classic and consumer (KIP-848) groups, as `kafka-consumer-groups --list` lists them, sorted by id. */
  listGroups(): Promise<GroupListing[]>;
  /** One group with the rows of `kafka-consumer-groups --describe`; rejects with a KafkaOperationError. */
  describeGroup(groupId: string): Promise<GroupDescription>;
  /** Closes the connections. The inspector reconnects if used again. */
  close(): Promise<void>;
}

/** How long `close()` waits for the client to close its connections. */
const closeGiveUpMs = 1000;

/** Creates an inspector for one cluster. Nothing connects until the first call. */
export function createKafkaInspector(options: KafkaConnectionOptions): KafkaInspector {
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const logger = loggerOf(options);
  const admin = createLazyAdmin(adminOptions(options), logger);
  const run = createOperationRunner(options, timeoutMs, admin, logger);
  logger.info(`inspector for ${describeConnection({ ...options, timeoutMs })}`);
  return {
    listGroups: () => run('listing consumer groups', undefined, (client, progress) => listGroupsWith(client, progress)),
    describeGroup: (groupId) =>
      run(`describing group "${groupId}"`, groupId, (client, progress) =>
        describeGroupWith(client, progress, groupId, timeoutMs),
      ),
    close: () => admin.close(closeGiveUpMs),
  };
}
