// DescribeShareGroupOffsets (API key 90, KIP-932; lag from KIP-1226), which @platformatic/kafka does not
// implement: the share-partition start offsets (and, from version 1, the lag) of many share groups in
// one request. Topic ids and tagged fields are skipped, not decoded.

import { createAPI, Writer, type API, type Reader, type ResponseErrorWithLocation } from '@platformatic/kafka';
import {
  assertSupportedVersion,
  decodeWholeResponse,
  newestApiInRange,
  readStructArray,
  skipBytes,
  skipUuid,
  throwOnErrorCodes,
} from './leanDecoding';

/*
 * DescribeShareGroupOffsets request and response: versions 0-1, flexible in every version. Version 1
 * (KIP-1226) adds only the partition's `lag`, between leader_epoch and error_code; the
 * request is the same in both.
 *
 * Request => [groups] TAG_BUFFER
 *   groups => group_id [topics] TAG_BUFFER          (topics: COMPACT_NULLABLE_ARRAY, null = all topics)
 *     group_id => COMPACT_STRING
 *     topics => topic_name [partitions] TAG_BUFFER
 *       topic_name => COMPACT_STRING; partitions => INT32
 *
 * Response => throttle_time_ms [groups] TAG_BUFFER
 *   groups => group_id [topics] error_code error_message TAG_BUFFER
 *     topics => topic_name topic_id [partitions] TAG_BUFFER
 *       topic_name => COMPACT_STRING; topic_id => UUID
 *       partitions => partition_index start_offset leader_epoch lag(v1+) error_code error_message TAG_BUFFER
 *         partition_index => INT32; start_offset => INT64; leader_epoch => INT32; lag => INT64
 *         error_code => INT16; error_message => COMPACT_NULLABLE_STRING
 *     error_code => INT16; error_message => COMPACT_NULLABLE_STRING
 */

/** DescribeShareGroupOffsets's API key. */
export const API_KEY = 90;
const API_NAME = 'DescribeShareGroupOffsets';
/** The versions this module speaks. */
export const SUPPORTED_VERSIONS: readonly number[] = [0, 1];

/** The partitions of one topic to describe. */
export interface ShareOffsetsTopicRequest {
  topicName: string;
  partitions: readonly number[];
}

/** One group to describe: `topics` null for every topic-partition the group has state for. */
export interface ShareOffsetsGroupRequest {
  groupId: string;
  topics: readonly ShareOffsetsTopicRequest[] | null;
}

/** The offsets of one share-partition. */
export interface ShareOffsetsPartition {
  partitionIndex: number;
  /** The share-partition start offset; -1 when the share-partition is not initialized. */
  startOffset: bigint;
  leaderEpoch: number;
  /** The share-partition lag (version 1+; -1 when the broker could not compute it); null in version 0. */
  lag: bigint | null;
  errorCode: number;
  errorMessage: string | null;
}

/** The offsets of one topic of a group. */
export interface ShareOffsetsTopic {
  topicName: string;
  partitions: ShareOffsetsPartition[];
}

/** The offsets of one group; `errorCode` non-zero when the group could not be described. */
export interface ShareOffsetsGroup {
  groupId: string;
  errorCode: number;
  errorMessage: string | null;
  topics: ShareOffsetsTopic[];
}

/** The decoded response: the groups in the order asked. */
export interface DescribeShareGroupOffsetsResponse {
  groups: ShareOffsetsGroup[];
}

/** The request arguments after the connection: `api.async(connection, groups)`. */
export type DescribeShareGroupOffsetsArguments = [groups: readonly ShareOffsetsGroupRequest[]];

/** The request body for `groups` (the same bytes in versions 0 and 1). */
export function createRequest(apiVersion: number, groups: readonly ShareOffsetsGroupRequest[]): Writer {
  assertSupportedVersion(API_NAME, apiVersion, SUPPORTED_VERSIONS);
  return Writer.create()
    .appendArray([...groups], (writer, group) =>
      writer
        .appendString(group.groupId)
        .appendArray(group.topics === null ? null : [...group.topics], (topicWriter, topic) =>
          topicWriter
            .appendString(topic.topicName)
            .appendArray(
              [...topic.partitions],
              (partitionWriter, partition) => partitionWriter.appendInt32(partition),
              true,
              false,
            ),
        ),
    )
    .appendTaggedFields();
}

function readPartition(reader: Reader, hasLag: boolean): ShareOffsetsPartition {
  const partitionIndex = reader.readInt32();
  const startOffset = reader.readInt64();
  const leaderEpoch = reader.readInt32();
  const lag = hasLag ? reader.readInt64() : null;
  const errorCode = reader.readInt16();
  const errorMessage = reader.readNullableString();
  return { partitionIndex, startOffset, leaderEpoch, lag, errorCode, errorMessage };
}

/** Decodes a response; throws ResponseError (with `response`) when a group or a partition has an error code. */
export function parseResponse(
  _correlationId: number,
  apiKey: number,
  apiVersion: number,
  reader: Reader,
): DescribeShareGroupOffsetsResponse {
  assertSupportedVersion(API_NAME, apiVersion, SUPPORTED_VERSIONS);
  const hasLag = apiVersion >= 1;
  const errors: ResponseErrorWithLocation[] = [];
  const response = decodeWholeResponse(reader, API_NAME, apiVersion, () => {
    skipBytes(reader, 4); // throttle_time_ms
    const groups = readStructArray(reader, (r, groupIndex): ShareOffsetsGroup => {
      const groupId = r.readString();
      const topics = readStructArray(r, (topicReader, topicIndex): ShareOffsetsTopic => {
        const topicName = topicReader.readString();
        skipUuid(topicReader);
        const partitions = readStructArray(topicReader, (partitionReader, partitionIndex) => {
          const partition = readPartition(partitionReader, hasLag);
          if (partition.errorCode !== 0) {
            errors.push([
              `/groups/${groupIndex}/topics/${topicIndex}/partitions/${partitionIndex}`,
              [partition.errorCode, partition.errorMessage],
            ]);
          }
          return partition;
        });
        return { topicName, partitions };
      });
      const errorCode = r.readInt16();
      const errorMessage = r.readNullableString();
      if (errorCode !== 0) errors.push([`/groups/${groupIndex}`, [errorCode, errorMessage]]);
      return { groupId, errorCode, errorMessage, topics };
    });
    reader.readTaggedFields();
    return { groups };
  });
  throwOnErrorCodes(apiKey, apiVersion, errors, response);
  return response;
}

function apiAt(apiVersion: number): API<DescribeShareGroupOffsetsArguments, DescribeShareGroupOffsetsResponse> {
  return createAPI<DescribeShareGroupOffsetsArguments, DescribeShareGroupOffsetsResponse>(
    API_KEY,
    apiVersion,
    (groups: readonly ShareOffsetsGroupRequest[]) => createRequest(apiVersion, groups),
    parseResponse,
  );
}

/** DescribeShareGroupOffsets v1 (with lag): `describeShareGroupOffsetsV1.async(connection, groups)`. */
export const describeShareGroupOffsetsV1 = apiAt(1);
/** DescribeShareGroupOffsets v0 (brokers before KIP-1226; no lag): `describeShareGroupOffsetsV0.async(connection, groups)`. */
export const describeShareGroupOffsetsV0 = apiAt(0);

/** The newest version we speak within the broker's advertised range, or undefined when none is. */
export function newestApi(
  brokerMinVersion: number,
  brokerMaxVersion: number,
): API<DescribeShareGroupOffsetsArguments, DescribeShareGroupOffsetsResponse> | undefined {
  return newestApiInRange(
    [describeShareGroupOffsetsV0, describeShareGroupOffsetsV1],
    brokerMinVersion,
    brokerMaxVersion,
  );
}
