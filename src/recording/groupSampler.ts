// One sample of a live group for a recording, through the Kafka inspector: the describe (committed
// offsets, log-end offsets, members, assignments, state), then the log start offsets of its partitions
// (so a committed offset that fell below the log start shows as records lost to retention). And the
// check made before a recording starts: the group exists and is a consumer group.

import type { KafkaInspector } from '../kafka/kafkaInspector';
import type { GroupType } from '../kafka/kafkaModel';
import type { GroupSampler } from './groupRecorder';

/** A sampler that asks `inspector`. */
export function groupSampler(inspector: Pick<KafkaInspector, 'describeGroup' | 'logStartOffsets'>): GroupSampler {
  return {
    async sample(groupId) {
      const description = await inspector.describeGroup(groupId);
      const partitions = description.rows.map((row) => ({ topic: row.topic, partition: row.partition }));
      const logStartOffsets = partitions.length > 0 ? await inspector.logStartOffsets(partitions) : new Map();
      return { description, logStartOffsets };
    },
  };
}

/**
 * Why `groupId` cannot be recorded, or undefined when it can: an unknown group, or a share or streams
 * group (recordings hold consumer groups' committed offsets). Rejects when the cluster does not answer.
 */
export async function recordingRefusal(
  inspector: Pick<KafkaInspector, 'describeAnyGroup'>,
  groupId: string,
  type?: GroupType,
): Promise<string | undefined> {
  const description = await inspector.describeAnyGroup(groupId, type);
  if (description.type === 'share' || description.type === 'streams') {
    return `group "${groupId}" is a ${description.type} group: recording share and streams groups is not supported yet (describe shows it)`;
  }
  return undefined;
}
