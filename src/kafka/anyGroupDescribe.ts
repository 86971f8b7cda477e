// Describes a group of any type. A known type goes straight to its describe; otherwise the group is
// described as a consumer group first (classic or KIP-848: the same requests as Kafka's consumer group
// tool), and only when neither of those knows it, as a share and a streams group, in one more round trip.

import type { Admin } from '@platformatic/kafka';
import { describeGroupWith } from './groupDescribe';
import type { OperationProgress } from './inspectorOperation';
import { isKafkaOperationError, KafkaOperationError } from './kafkaErrors';
import type { AnyGroupDescription, GroupType } from './kafkaModel';
import { describeShareGroupWith } from './shareGroupDescribe';
import { describeStreamsGroupWith } from './streamsGroupDescribe';

const isUnknownGroup = (error: unknown): boolean => isKafkaOperationError(error) && error.kind === 'unknownGroup';

/** Describes `groupId` (of `type` when known) with `client`. Rejects unknownGroup when no type knows it. */
export async function describeAnyGroupWith(
  client: Admin,
  progress: OperationProgress,
  groupId: string,
  timeoutMs: number,
  type?: GroupType,
): Promise<AnyGroupDescription> {
  if (type === 'share') return describeShareGroupWith(client, progress, groupId, timeoutMs);
  if (type === 'streams') return describeStreamsGroupWith(client, progress, groupId, timeoutMs);
  try {
    const description = await describeGroupWith(client, progress, groupId, timeoutMs);
    return { ...description, type: description.protocol };
  } catch (error) {
    if (type !== undefined || !isUnknownGroup(error)) throw error;
  }
  const [share, streams] = await Promise.allSettled([
    describeShareGroupWith(client, progress, groupId, timeoutMs),
    describeStreamsGroupWith(client, progress, groupId, timeoutMs),
  ]);
  if (share.status === 'fulfilled') return share.value;
  if (streams.status === 'fulfilled') return streams.value;
  // A real failure (not "no such group", not "these brokers have no such groups") is worth saying.
  for (const failed of [share.reason, streams.reason] as unknown[]) {
    if (!isUnknownGroup(failed) && !(isKafkaOperationError(failed) && /do not support/.test(failed.message))) {
      throw failed;
    }
  }
  throw new KafkaOperationError('unknownGroup', `Group ${groupId} not found.`);
}
