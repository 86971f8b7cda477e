// Runs one short operation over the wire protocol (no client library loaded) under the connection
// timeout, with the full client's error messages: unreachable before a broker answered, timeout after,
// every other failure classified the same way. Connections over TLS and with SASL are made here too
// (wireSecurity.ts); one that cannot be made so, and answers this path does not handle, end in a
// WireFallback: the caller then does the same work with the full client.

import { runWithDeadline } from '../../common/deadline';
import { classifyKafkaError, deadlineError, KafkaOperationError } from '../kafkaErrors';
import { elapsedMs, loggerOf } from '../kafkaLogger';
import { defaultClientId, defaultTimeoutMs, type KafkaConnectionOptions } from '../kafkaModel';
import { WireFallback } from './wireConnection';
import { MalformedWireResponse } from './wireReader';
import { WireSession } from './wireSession';
import { wireSecurity } from './wireSecurity';

export { WireFallback } from './wireConnection';

/** What the operation is doing, for its error message. */
export interface WireProgress {
  step: string;
  connected: boolean;
}

/** True when the wire path handed the work back to the full client. */
export function isWireFallback(error: unknown): error is WireFallback {
  return error instanceof WireFallback;
}

/**
 * Runs `work` on a wire session to the cluster of `options`; settles within the timeout with a
 * classified one-line error or a WireFallback, and closes every connection either way.
 */
export async function runOverWire<T>(
  options: KafkaConnectionOptions,
  step: string,
  groupId: string | undefined,
  work: (session: WireSession, progress: WireProgress) => Promise<T>,
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const logger = loggerOf(options);
  const startedAt = performance.now();
  const progress: WireProgress = { step, connected: false };
  const abort = new AbortController();
  let session: WireSession | undefined;
  const run = async (): Promise<T> => {
    progress.step = 'connecting to the bootstrap servers';
    session = await WireSession.open(
      options.bootstrapServers,
      options.clientId ?? defaultClientId,
      timeoutMs,
      abort.signal,
      wireSecurity(options),
    );
    progress.connected = true;
    progress.step = step;
    return work(session, progress);
  };
  const timedOut = (): KafkaOperationError => deadlineError(options.bootstrapServers, timeoutMs, progress);
  try {
    const result = await runWithDeadline(run(), timeoutMs, timedOut);
    logger.info(`${step} (wire): ok in ${elapsedMs(startedAt)} ms`);
    return result;
  } catch (error) {
    if (error instanceof WireFallback) {
      logger.info(`${step} (wire): handed to the full client after ${elapsedMs(startedAt)} ms: ${error.message}`);
      throw error;
    }
    const classified =
      error instanceof MalformedWireResponse
        ? new KafkaOperationError(
            'request',
            `a broker's answer could not be read while ${progress.step} (${error.message}): is this Kafka, or a proxy that changes its answers?`,
          )
        : classifyKafkaError(error, {
            bootstrapServers: options.bootstrapServers,
            step: progress.step,
            timeoutMs,
            connected: progress.connected,
            ...(groupId !== undefined ? { groupId } : {}),
          });
    logger.warn(`${step} (wire): failed after ${elapsedMs(startedAt)} ms: ${classified.message}`);
    throw classified;
  } finally {
    abort.abort();
    session?.close();
  }
}
