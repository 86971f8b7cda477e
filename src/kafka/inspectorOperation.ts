// One inspector operation under the deadline: it settles within the connection timeout with a
// classified one-line error (unreachable before any broker answered, timeout after), dropping the
// client only when its connections are in doubt; plus the handshake that marks a broker as answering.
// Each operation's duration and outcome (with the error's classification) goes to the logger.

import type { Admin } from '@platformatic/kafka';
import { runWithDeadline } from '../common/deadline';
import { bootstrapConnection, protocolApi } from './adminInternals';
import { probeBootstrapServers } from './bootstrapProbe';
import {
  breaksConnections,
  classifyKafkaError,
  deadlineError,
  type ErrorContext,
  type KafkaOperationError,
} from './kafkaErrors';
import {
  elapsedMs,
  errorCodes,
  errorSummary,
  secretsOf,
  silentKafkaLogger,
  withoutSecrets,
  type KafkaLogger,
} from './kafkaLogger';
import type { KafkaConnectionOptions } from './kafkaModel';
import type { LazyAdmin } from './lazyAdmin';

/** What an operation is doing, for its error message: updated by the operation as it goes. */
export interface OperationProgress {
  step: string;
  /** True once a broker has answered. */
  connected: boolean;
}

/** The work of one operation, given the client and its progress. */
export type OperationWork<T> = (client: Admin, progress: OperationProgress) => Promise<T>;

/** Runs one operation named `step` (about `groupId`, if any) under the deadline. */
export type OperationRunner = <T>(step: string, groupId: string | undefined, work: OperationWork<T>) => Promise<T>;

/**
 * The runner of a cluster's operations: whatever happens, each settles within `timeoutMs` (plus a
 * moment), with a classified one-line error. On timeout the connections are dropped. `logger` gets
 * each operation's duration and outcome.
 */
export function createOperationRunner(
  options: KafkaConnectionOptions,
  timeoutMs: number,
  admin: LazyAdmin,
  logger: KafkaLogger = silentKafkaLogger,
): OperationRunner {
  return async <T>(step: string, groupId: string | undefined, work: OperationWork<T>): Promise<T> => {
    const startedAt = performance.now();
    const progress: OperationProgress = { step, connected: false };
    const context = (): ErrorContext => ({
      bootstrapServers: options.bootstrapServers,
      step: progress.step,
      timeoutMs,
      connected: progress.connected,
      ...(groupId !== undefined ? { groupId } : {}),
    });
    const timedOut = (): KafkaOperationError => deadlineError(options.bootstrapServers, timeoutMs, progress);
    try {
      const result = await runWithDeadline(work(admin.get(), progress), timeoutMs, timedOut);
      logger.info(`${step}: ok in ${elapsedMs(startedAt)} ms`);
      return result;
    } catch (error) {
      const classified = withoutSecrets(classifyKafkaError(error, context()), secretsOf(options));
      // Other operations share this client: drop it only when its connections are in doubt.
      const drop = breaksConnections(classified);
      const where = progress.step === step ? '' : ` while ${progress.step}`;
      logger.warn(
        `${step}: failed after ${elapsedMs(startedAt)} ms${where}: ${errorSummary(classified)}` +
          `${classified === error ? '' : ` (from ${errorCodes(error)})`}${drop ? '; reconnecting on the next call' : ''}`,
      );
      if (drop) admin.drop();
      throw classified;
    }
  };
}

/**
 * Connects to a bootstrap server and reads its API versions: from then on a broker has answered. The
 * first time, the servers are probed in turn so that a silent one does not hold the client until the
 * timeout, and one that is not Kafka is named (see `probeBootstrapServers`).
 */
export async function handshake(client: Admin, progress: OperationProgress): Promise<void> {
  progress.step = 'connecting to the bootstrap servers';
  await probeBootstrapServers(client);
  await bootstrapConnection(client);
  await protocolApi(client, 'Metadata');
  progress.connected = true;
}
