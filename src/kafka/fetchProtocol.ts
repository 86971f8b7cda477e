// What our plain Fetch readers share (the record timestamps at committed offsets, and the group's
// commits in __consumer_offsets): the client's Fetch API with its arguments, the record batch attribute
// bits and the error codes they both check. Nothing here joins a group or commits.

import type { Admin, API, fetchV17 } from '@platformatic/kafka';
import { protocolApi } from './adminInternals';

/** The client's Fetch arguments (v4 and later share them; before v13 `topicId` holds the topic's name). */
export type FetchArguments = [
  maxWaitMs: number,
  minBytes: number,
  maxBytes: number,
  isolationLevel: number,
  sessionId: number,
  sessionEpoch: number,
  topics: fetchV17.FetchRequestTopic[],
  forgottenTopicsData: fetchV17.FetchRequestForgottenTopicsData[],
  rackId: string,
];

export type FetchApi = API<FetchArguments, fetchV17.FetchResponse>;

/** The newest Fetch (v4 at least) that both the client and the broker speak. */
export function fetchApiOf(client: Admin): Promise<FetchApi> {
  return protocolApi<FetchArguments, fetchV17.FetchResponse>(client, 'Fetch', 4);
}

/** Fetch v13 and later name topics by id instead of by name. */
export const firstFetchVersionWithTopicIds = 13;

/** Record batch attribute bits (Kafka's DefaultRecordBatch). */
export const batchAttributes = { timestampType: 0x08, transactional: 0x10, control: 0x20 } as const;

/** The Kafka error codes the readers answer per partition. */
export const fetchErrorCodes = {
  offsetOutOfRange: 1,
  unknownTopicOrPartition: 3,
  replicaNotAvailable: 9,
  topicAuthorizationFailed: 29,
} as const;
