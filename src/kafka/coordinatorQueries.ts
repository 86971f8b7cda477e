// The group coordinator's answers: finding the coordinator of a group (waiting while it loads), then
// asking it, in one round trip, both describe APIs and the committed offsets.

import {
  FindCoordinatorKeyTypes,
  type Admin,
  type Connection,
  type consumerGroupDescribeV0,
  type describeGroupsV5,
  type findCoordinatorV6,
  type offsetFetchV9,
} from '@platformatic/kafka';
import { bootstrapConnection, brokerConnection, protocolApi, responseOf } from './adminInternals';
import { coordinatorRetryableCodes, retryDelayMs, sleep } from './coordinatorRetry';
import type { ClassicGroupAnswer, ConsumerGroupAnswer } from './groupMembers';

const groupIdNotFound = 69;

/** A group's coordinator, as FindCoordinator names it. */
export type Coordinator = findCoordinatorV6.FindCoordinatorResponseCoordinator;

/** What the coordinator said about a group (a describe answer is null when that API does not know it). */
export interface CoordinatorAnswers {
  readonly coordinator: Coordinator;
  readonly coordinatorConnection: Connection;
  readonly consumerGroup: ConsumerGroupAnswer | null | undefined;
  readonly classicGroup: ClassicGroupAnswer | null | undefined;
  readonly offsets: offsetFetchV9.OffsetFetchResponse;
}

/** The coordinator of `groupId`; while one is still loading (e.g. right after a broker start) asks again. */
export async function findCoordinator(client: Admin, groupId: string): Promise<Coordinator> {
  const boot = await bootstrapConnection(client);
  const findApi = await protocolApi<[number, string[]], findCoordinatorV6.FindCoordinatorResponse>(
    client,
    'FindCoordinator',
    4,
  );
  for (let attempt = 0; ; attempt++) {
    let coordinator: Coordinator | undefined;
    try {
      coordinator = (await findApi.async(boot, FindCoordinatorKeyTypes.GROUP, [groupId])).coordinators[0];
    } catch (error) {
      coordinator = responseOf<findCoordinatorV6.FindCoordinatorResponse>(error)?.coordinators[0];
      if (!coordinator || !coordinatorRetryableCodes.has(coordinator.errorCode)) throw error;
    }
    if (coordinator.errorCode === 0) return coordinator;
    // a coordinator still loading (e.g. right after a broker start) answers soon; the deadline bounds this
    await sleep(retryDelayMs(attempt));
  }
}

/** The coordinators of many groups in one FindCoordinator request (each with its own error code). */
export async function findCoordinators(client: Admin, groupIds: readonly string[]): Promise<Coordinator[]> {
  const boot = await bootstrapConnection(client);
  const findApi = await protocolApi<[number, string[]], findCoordinatorV6.FindCoordinatorResponse>(
    client,
    'FindCoordinator',
    4,
  );
  try {
    return (await findApi.async(boot, FindCoordinatorKeyTypes.GROUP, [...groupIds])).coordinators;
  } catch (error) {
    // a key's error code rejects the call: the answer it carries holds every key's
    const response = responseOf<findCoordinatorV6.FindCoordinatorResponse>(error);
    if (!response) throw error;
    return response.coordinators;
  }
}

/**
 * Finds the group's coordinator and asks it, in one round trip, both describe APIs (a KIP-848 group is
 * only visible to ConsumerGroupDescribe; a classic one only to DescribeGroups) and the committed offsets.
 */
export async function askCoordinator(
  client: Admin,
  progress: { step: string },
  groupId: string,
): Promise<CoordinatorAnswers> {
  progress.step = `finding the coordinator of group "${groupId}"`;
  const coordinator = await findCoordinator(client, groupId);
  const coordinatorConnection = await brokerConnection(client, coordinator.host, coordinator.port);
  progress.step = `describing group "${groupId}"`;
  const [consumerDescribeApi, classicDescribeApi, offsetFetchApi] = await Promise.all([
    protocolApi<[string[], boolean], consumerGroupDescribeV0.ConsumerGroupDescribeResponse>(
      client,
      'ConsumerGroupDescribe',
    ).catch(() => null), // brokers before Kafka 3.7 have no KIP-848 groups
    protocolApi<[string[], boolean], describeGroupsV5.DescribeGroupsResponse>(client, 'DescribeGroups'),
    protocolApi<[offsetFetchV9.OffsetFetchRequestGroup[], boolean], offsetFetchV9.OffsetFetchResponse>(
      client,
      'OffsetFetch',
      8,
    ),
  ]);
  const [consumerGroup, classicGroup, offsets] = await Promise.all([
    consumerDescribeApi
      ? consumerDescribeApi.async(coordinatorConnection, [groupId], false).then(
          (response) => response.groups[0],
          (error: unknown) => {
            const group = responseOf<consumerGroupDescribeV0.ConsumerGroupDescribeResponse>(error)?.groups[0];
            if (group?.errorCode === groupIdNotFound) return null; // not a consumer group (or none)
            throw error;
          },
        )
      : Promise.resolve(null),
    classicDescribeApi.async(coordinatorConnection, [groupId], false).then(
      (response) => response.groups[0],
      (error: unknown) => {
        const group = responseOf<describeGroupsV5.DescribeGroupsResponse>(error)?.groups[0];
        if (group?.errorCode === groupIdNotFound) return null;
        throw error;
      },
    ),
    offsetFetchApi.async(coordinatorConnection, [{ groupId, memberId: null, memberEpoch: -1, topics: null }], false),
  ]);
  return { coordinator, coordinatorConnection, consumerGroup, classicGroup, offsets };
}
