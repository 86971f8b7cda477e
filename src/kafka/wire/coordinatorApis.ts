// The group coordinator's requests at the versions a describe needs, encoded and decoded here with
// only the fields it uses: ListGroups v5 (a broker's groups of every type), FindCoordinator v4,
// DescribeGroups v5, ConsumerGroupDescribe v0 and OffsetFetch v8 (every group's committed offsets,
// all topics). Each takes many groups per request.

import type { ClassicGroupAnswer, ConsumerGroupAnswer } from '../groupMembers';
import { WireFallback, type WireConnection } from './wireConnection';
import type { WireReader } from './wireReader';

export const apiKeys = {
  offsetFetch: 9,
  findCoordinator: 10,
  describeGroups: 15,
  listGroups: 16,
  consumerGroupDescribe: 69,
} as const;

/** The versions these codecs speak. */
export const coordinatorApiVersions = {
  [apiKeys.findCoordinator]: 4,
  [apiKeys.describeGroups]: 5,
  [apiKeys.consumerGroupDescribe]: 0,
  [apiKeys.offsetFetch]: 8,
  [apiKeys.listGroups]: 5,
} as const;

/** A FindCoordinator answer for one key. */
export interface FoundCoordinator {
  readonly key: string;
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
  readonly errorCode: number;
}

/** A described group with its error code (0: described), as DescribeGroups or ConsumerGroupDescribe answered it. */
export type Described<T> = T & { readonly groupId: string; readonly errorCode: number };

/** One committed offset entry of OffsetFetch (offset null: none committed). */
export interface FetchedOffset {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number | null;
  readonly errorCode: number;
}

/** A group's OffsetFetch answer. */
export interface FetchedGroupOffsets {
  readonly groupId: string;
  readonly errorCode: number;
  readonly offsets: FetchedOffset[];
}

const groupKeyType = 0;

/** FindCoordinator v4 for group ids `keys`. */
export async function findCoordinators(
  connection: WireConnection,
  keys: readonly string[],
): Promise<FoundCoordinator[]> {
  const r = await connection.send(apiKeys.findCoordinator, 4, (w) => {
    w.int8(groupKeyType)
      .compactArray(keys, (key) => w.compactString(key))
      .noTags();
  });
  r.int32(); // throttle
  const found: FoundCoordinator[] = [];
  for (let n = r.compactArrayLength(), i = 0; i < n; i++) {
    const key = r.compactString();
    const nodeId = r.int32();
    const host = r.compactString();
    const port = r.int32();
    const errorCode = r.int16();
    r.skipCompactString(); // error message
    r.skipTags();
    found.push({ key, nodeId, host, port, errorCode });
  }
  r.skipTags();
  r.expectEnd('FindCoordinator v4');
  return found;
}

/** DescribeGroups v5 for `groupIds` (classic groups; a KIP-848 group answers as a stub or an error). */
export async function describeClassicGroups(
  connection: WireConnection,
  groupIds: readonly string[],
): Promise<Described<ClassicGroupAnswer>[]> {
  const r = await connection.send(apiKeys.describeGroups, 5, (w) => {
    w.compactArray(groupIds, (id) => w.compactString(id))
      .bool(false)
      .noTags();
  });
  r.int32();
  const groups: Described<ClassicGroupAnswer>[] = [];
  for (let n = r.compactArrayLength(), i = 0; i < n; i++) {
    const errorCode = r.int16();
    const groupId = r.compactString();
    const groupState = r.compactString();
    const protocolType = r.compactString();
    const protocolData = r.compactString();
    const members: ClassicGroupAnswer['members'][number][] = [];
    for (let m = r.compactArrayLength(), j = 0; j < m; j++) {
      const memberId = r.compactString();
      const groupInstanceId = r.compactNullableString();
      const clientId = r.compactString();
      const clientHost = r.compactString();
      r.compactBytes(); // metadata
      const memberAssignment = r.compactBytes();
      r.skipTags();
      members.push({ memberId, groupInstanceId, clientId, clientHost, memberAssignment });
    }
    r.int32(); // authorized operations
    r.skipTags();
    groups.push({ errorCode, groupId, groupState, protocolType, protocolData, members });
  }
  r.skipTags();
  r.expectEnd('DescribeGroups v5');
  return groups;
}

function readAssignment(r: WireReader): ConsumerGroupAnswer['members'][number]['assignment'] {
  const topicPartitions: { topicName: string; partitions: number[] }[] = [];
  for (let n = r.compactArrayLength(), i = 0; i < n; i++) {
    r.skipBytes(16); // topic id
    const topicName = r.compactString();
    const partitions: number[] = [];
    for (let p = r.compactArrayLength(), j = 0; j < p; j++) partitions.push(r.int32());
    r.skipTags();
    topicPartitions.push({ topicName, partitions });
  }
  r.skipTags();
  return { topicPartitions };
}

/** ConsumerGroupDescribe v0 for `groupIds` (KIP-848 groups; others answer GROUP_ID_NOT_FOUND). */
export async function describeConsumerGroups(
  connection: WireConnection,
  groupIds: readonly string[],
): Promise<Described<ConsumerGroupAnswer>[]> {
  const r = await connection.send(apiKeys.consumerGroupDescribe, 0, (w) => {
    w.compactArray(groupIds, (id) => w.compactString(id))
      .bool(false)
      .noTags();
  });
  r.int32();
  const groups: Described<ConsumerGroupAnswer>[] = [];
  for (let n = r.compactArrayLength(), i = 0; i < n; i++) {
    const errorCode = r.int16();
    r.skipCompactString(); // error message
    const groupId = r.compactString();
    const groupState = r.compactString();
    const groupEpoch = r.int32();
    const assignmentEpoch = r.int32();
    const assignorName = r.compactString();
    const members: ConsumerGroupAnswer['members'][number][] = [];
    for (let m = r.compactArrayLength(), j = 0; j < m; j++) {
      const memberId = r.compactString();
      const instanceId = r.compactNullableString();
      r.skipCompactString(); // rack
      const memberEpoch = r.int32();
      const clientId = r.compactString();
      const clientHost = r.compactString();
      for (let t = r.compactArrayLength(), k = 0; k < t; k++) r.skipCompactString(); // subscribed topics
      r.skipCompactString(); // subscribed regex
      const assignment = readAssignment(r);
      const targetAssignment = readAssignment(r);
      r.skipTags();
      members.push({ memberId, instanceId, memberEpoch, clientId, clientHost, assignment, targetAssignment });
    }
    r.int32(); // authorized operations
    r.skipTags();
    groups.push({ errorCode, groupId, groupState, groupEpoch, assignmentEpoch, assignorName, members });
  }
  r.skipTags();
  r.expectEnd('ConsumerGroupDescribe v0');
  return groups;
}

/** OffsetFetch v8: every committed offset of each of `groupIds` (all topics), not waiting for pending commits. */
export async function fetchCommittedOffsets(
  connection: WireConnection,
  groupIds: readonly string[],
): Promise<FetchedGroupOffsets[]> {
  const r = await connection.send(apiKeys.offsetFetch, 8, (w) => {
    w.compactArray(groupIds, (id) =>
      w
        .compactString(id)
        .compactArray(null, () => undefined)
        .noTags(),
    );
    w.bool(false).noTags();
  });
  r.int32();
  const groups: FetchedGroupOffsets[] = [];
  for (let n = r.compactArrayLength(), i = 0; i < n; i++) {
    const groupId = r.compactString();
    const offsets: FetchedOffset[] = [];
    for (let t = r.compactArrayLength(), j = 0; j < t; j++) {
      const topic = r.compactString();
      for (let p = r.compactArrayLength(), k = 0; k < p; k++) {
        const partition = r.int32();
        const committed = r.int64();
        r.int32(); // leader epoch
        r.skipCompactString(); // metadata
        const errorCode = r.int16();
        r.skipTags();
        offsets.push({ topic, partition, offset: committed < 0 ? null : committed, errorCode });
      }
      r.skipTags();
    }
    const errorCode = r.int16();
    r.skipTags();
    groups.push({ groupId, errorCode, offsets });
  }
  r.skipTags();
  r.expectEnd('OffsetFetch v8');
  return groups;
}

/** One group as ListGroups v5 lists it. */
export interface ListedGroup {
  readonly groupId: string;
  readonly protocolType: string;
  readonly groupState: string;
  readonly groupType: string;
}

/** ListGroups v5 on one broker (the groups it coordinates), of every type; rejects on an error code. */
export async function listBrokerGroups(connection: WireConnection): Promise<ListedGroup[]> {
  const r = await connection.send(apiKeys.listGroups, 5, (w) => {
    w.compactArray([], () => undefined); // every state
    w.compactArray(['classic', 'consumer', 'share', 'streams'], (type) => w.compactString(type));
    w.noTags();
  });
  r.int32();
  const errorCode = r.int16();
  const groups: ListedGroup[] = [];
  for (let n = r.compactArrayLength(), i = 0; i < n; i++) {
    const groupId = r.compactString();
    const protocolType = r.compactString();
    const groupState = r.compactString();
    const groupType = r.compactString();
    r.skipTags();
    groups.push({ groupId, protocolType, groupState, groupType });
  }
  r.skipTags();
  r.expectEnd('ListGroups v5');
  if (errorCode !== 0) throw new WireFallback(`ListGroups answered error ${errorCode}`);
  return groups;
}
