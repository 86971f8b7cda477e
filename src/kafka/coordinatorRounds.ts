// Asking the coordinators of many groups at once, for the batched describes of share and streams
// groups: one FindCoordinator for every group still pending, then one call per coordinator with all its
// groups. A group whose coordinator is loading or moving is asked again, after a back-off, until a
// second before the timeout; then it gets "not available", and the others keep their answers.

import type { Admin, Connection } from '@platformatic/kafka';
import { brokerConnection } from './adminInternals';
import { findCoordinators, type Coordinator } from './coordinatorQueries';
import { coordinatorRetryableCodes, retryDeadline, retryDelayMs, sleep } from './coordinatorRetry';
import type { OperationProgress } from './inspectorOperation';
import { KafkaOperationError } from './kafkaErrors';

const groupIdNotFound = 69;

/** What a coordinator's answers say of one group: ask again, an error, or what was read. */
export type GroupAnswer<T> = { readonly moved: true } | { readonly error: Error } | { readonly value: T };

/**
 * One group's answer from its error codes (one per request about it): moved when one says the
 * coordinator is loading or moving, an error for any other code but GROUP_ID_NOT_FOUND (which `read`
 * turns into "not found"), else what `read` makes of it (or its error).
 */
export function groupAnswer<T>(kind: string, groupId: string, codes: readonly number[], read: () => T): GroupAnswer<T> {
  if (codes.some((code) => coordinatorRetryableCodes.has(code))) return { moved: true };
  const failing = codes.find((code) => code !== 0 && code !== groupIdNotFound);
  if (failing !== undefined) {
    return {
      error: new KafkaOperationError('request', `describing ${kind} group "${groupId}" failed (error code ${failing})`),
    };
  }
  try {
    return { value: read() };
  } catch (error) {
    return { error: error as Error };
  }
}

/**
 * Asks `ask` about `groupIds` at their coordinators, in rounds (see the top of this file); each
 * group's value or error. `kind` names the groups in the steps and messages ("share", "streams").
 */
export async function askCoordinatorsInRounds<T>(
  client: Admin,
  progress: OperationProgress,
  groupIds: readonly string[],
  timeoutMs: number,
  kind: string,
  ask: (connection: Connection, coordinator: Coordinator, groupIds: string[]) => Promise<Map<string, GroupAnswer<T>>>,
): Promise<Map<string, T | Error>> {
  const outcomes = new Map<string, T | Error>();
  const retryUntil = retryDeadline(timeoutMs);
  let pending = [...new Set(groupIds)];
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > 0) {
      const delay = retryDelayMs(attempt - 1);
      if (Date.now() + delay >= retryUntil) {
        for (const groupId of pending) {
          outcomes.set(
            groupId,
            new KafkaOperationError(
              'request',
              `the group coordinator is not available while describing ${kind} group "${groupId}" (it is loading or moving)`,
            ),
          );
        }
        break;
      }
      await sleep(delay);
    }
    progress.step = `finding the coordinators of ${pending.length} ${kind} groups`;
    const found = await findCoordinators(client, pending);
    const retry: string[] = [];
    const byNode = new Map<number, { coordinator: Coordinator; ids: string[] }>();
    for (const groupId of pending) {
      const coordinator = found.find((c) => c.key === groupId);
      if (coordinator?.errorCode === 0) {
        const entry = byNode.get(coordinator.nodeId) ?? { coordinator, ids: [] };
        byNode.set(coordinator.nodeId, entry);
        entry.ids.push(groupId);
      } else if (coordinator && coordinatorRetryableCodes.has(coordinator.errorCode)) retry.push(groupId);
      else outcomes.set(groupId, new KafkaOperationError('request', `no coordinator for ${kind} group "${groupId}"`));
    }
    progress.step = `describing ${pending.length} ${kind} groups`;
    await Promise.all(
      [...byNode.values()].map(async ({ coordinator, ids }) => {
        const connection = await brokerConnection(client, coordinator.host, coordinator.port);
        for (const [groupId, answer] of await ask(connection, coordinator, ids)) {
          if ('moved' in answer) retry.push(groupId);
          else outcomes.set(groupId, 'error' in answer ? answer.error : answer.value);
        }
      }),
    );
    pending = retry;
  }
  return outcomes;
}
