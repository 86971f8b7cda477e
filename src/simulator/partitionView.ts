// One consumer's view of one partition, the values the table, the Offsets tree and the debugger show,
// computed from what is known of the log, the group and the consumer. The simulator and the broker
// run both build their states with it, so a simulated and an observed row mean the same thing.

import type { AutoOffsetReset, ConsumerConfig, TopicPartition } from './model';
import type { ConsumerPartitionState } from './simulatorTypes';

/** What a view is made from. */
export interface PartitionFacts extends TopicPartition {
  readonly logStartOffset: number;
  readonly logEndOffset: number;
  readonly lastStableOffset: number;
  readonly committedOffset: number | null;
  /** The consumer's position, or null before its first poll looked it up. */
  readonly position: number | null;
  /** The offset of the record in hand, or null. */
  readonly recordInHand: number | null;
}

/** Where a restarted consumer would resume: the committed offset while it is in the log, else auto.offset.reset. */
export function resumeOffset(
  committedOffset: number | null,
  logStartOffset: number,
  logEndOffset: number,
  policy: AutoOffsetReset,
): number | null {
  if (committedOffset !== null && committedOffset >= logStartOffset && committedOffset <= logEndOffset) {
    return committedOffset;
  }
  return policy === 'earliest' ? logStartOffset : policy === 'latest' ? logEndOffset : null;
}

/** The view: Offset Read falls back to the position, then to Next Offset to Read; both lags. */
export function partitionView(
  facts: PartitionFacts,
  config: Pick<ConsumerConfig, 'autoOffsetReset' | 'isolationLevel'>,
): ConsumerPartitionState {
  const { committedOffset, position, recordInHand, logEndOffset } = facts;
  const nextOffsetToRead = resumeOffset(committedOffset, facts.logStartOffset, logEndOffset, config.autoOffsetReset);
  const readable = config.isolationLevel === 'read_committed' ? facts.lastStableOffset : logEndOffset;
  return {
    topic: facts.topic,
    partition: facts.partition,
    offsetRead: recordInHand ?? position ?? nextOffsetToRead,
    recordInHand,
    position,
    committedOffset,
    nextOffsetToRead,
    logEndOffset,
    lag: committedOffset === null ? null : logEndOffset - committedOffset,
    consumerLag: position === null ? null : Math.max(0, readable - position),
  };
}
