// Decodes a classic consumer group member's assignment (the ConsumerProtocol bytes DescribeGroups
// returns): a version, then topics with their partitions, then user data we do not need. Empty bytes
// (a group that is rebalancing) and a version with nothing after it mean no partitions.

import type { TopicPartition } from '../common/topicPartition';

/** Assignment bytes that end before their topics and partitions do. */
export class MalformedAssignmentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedAssignmentError';
  }
}

/** The partitions in a ConsumerProtocol assignment, in the order they are encoded. */
export function assignedPartitionsOf(bytes: Buffer): TopicPartition[] {
  const partitions: TopicPartition[] = [];
  if (bytes.length <= 2) return partitions;
  let at = 2; // the int16 version: every version starts with the same topic list
  const need = (n: number): void => {
    if (n < 0 || at + n > bytes.length) throw new MalformedAssignmentError('a member assignment is truncated');
  };
  need(4);
  const topics = bytes.readInt32BE(at);
  at += 4;
  for (let t = 0; t < topics; t++) {
    need(2);
    const nameLength = bytes.readInt16BE(at);
    at += 2;
    need(nameLength);
    const topic = bytes.toString('utf8', at, at + nameLength);
    at += nameLength;
    need(4);
    const count = bytes.readInt32BE(at);
    at += 4;
    need(count * 4);
    for (let i = 0; i < count; i++, at += 4) partitions.push({ topic, partition: bytes.readInt32BE(at) });
  }
  return partitions;
}
