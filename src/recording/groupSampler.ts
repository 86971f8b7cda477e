// One sample of a live group for a recording, through the Kafka inspector: the describe (committed
// offsets, log-end offsets, members, assignments, state), then the log start offsets of its partitions
// (so a committed offset that fell below the log start shows as records lost to retention).

import type { KafkaInspector } from '../kafka/kafkaInspector';
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
