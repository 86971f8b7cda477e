// Retrying while a group coordinator is loading or has moved (a fresh cluster, a broker stopped): the
// error codes that mean "ask again", and the back-off between attempts. The caller's deadline bounds it all.

import { flattenErrors } from './kafkaErrors';

/** COORDINATOR_LOAD_IN_PROGRESS, COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR as FindCoordinator error codes. */
export const coordinatorRetryableCodes: ReadonlySet<number> = new Set([14, 15, 16]);

const coordinatorMovedApiIds = new Set([
  'COORDINATOR_LOAD_IN_PROGRESS',
  'COORDINATOR_NOT_AVAILABLE',
  'NOT_COORDINATOR',
]);

/** True when a coordinator answered that it is not (yet) the group's coordinator: worth finding it again. */
export function coordinatorMoved(error: unknown): boolean {
  return flattenErrors(error).some((f) => f.apiId !== undefined && coordinatorMovedApiIds.has(f.apiId));
}

/** The wait before retry `attempt` (0-based): 100 ms doubling, at most 1 s. */
export function retryDelayMs(attempt: number): number {
  return Math.min(100 * 2 ** attempt, 1000);
}

/**
 * Until when (Date.now()) a batch keeps asking again what is loading or moving: a second before the
 * caller's deadline of `timeoutMs` (half of it for short ones), so that an answer with what is known
 * comes before a timeout.
 */
export function retryDeadline(timeoutMs: number, now: number = Date.now()): number {
  return now + Math.max(timeoutMs / 2, timeoutMs - 1000);
}

/** Resolves after `ms`. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` until it succeeds; an error that says the coordinator moved is retried after a
 * back-off until `retryUntil` (a Date.now() time), any other error is thrown at once.
 */
export async function retryWhileCoordinatorMoves<T>(attempt: () => Promise<T>, retryUntil: number): Promise<T> {
  for (let n = 0; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (!coordinatorMoved(error) || Date.now() >= retryUntil) throw error;
      await sleep(retryDelayMs(n));
    }
  }
}
