// ShareGroupDescribe (API key 77, KIP-932), which @platformatic/kafka does not implement: describes many
// share groups in one request and decodes only what we show (state, epochs, assignor, members and their
// assignments); authorized operations, topic ids and every tagged field are skipped, not decoded.

import { createAPI, Writer, type API, type Reader, type ResponseErrorWithLocation } from '@platformatic/kafka';
import {
  assertSupportedVersion,
  decodeWholeResponse,
  newestApiInRange,
  readInt32Array,
  readStringArray,
  readStructArray,
  skipBytes,
  skipUuid,
  throwOnErrorCodes,
} from './leanDecoding';

/*
 * ShareGroupDescribe request and response, as in Apache Kafka 4.1+ (only version 1 is valid; version 0
 * was the early access of Kafka 4.0 and was removed in 4.1). Flexible in every version.
 *
 * Request (v1) => [group_ids] include_authorized_operations TAG_BUFFER
 *   group_ids => COMPACT_STRING
 *   include_authorized_operations => BOOLEAN
 *
 * Response (v1) => throttle_time_ms [groups] TAG_BUFFER
 *   groups => error_code error_message group_id group_state group_epoch assignment_epoch assignor_name
 *             [members] authorized_operations TAG_BUFFER
 *     error_code => INT16; error_message => COMPACT_NULLABLE_STRING; group_id, group_state => COMPACT_STRING
 *     group_epoch, assignment_epoch => INT32; assignor_name => COMPACT_STRING; authorized_operations => INT32
 *     members => member_id rack_id member_epoch client_id client_host [subscribed_topic_names] assignment TAG_BUFFER
 *       member_id => COMPACT_STRING; rack_id => COMPACT_NULLABLE_STRING; member_epoch => INT32
 *       client_id, client_host, subscribed_topic_names => COMPACT_STRING
 *       assignment => [topic_partitions] TAG_BUFFER
 *         topic_partitions => topic_id topic_name [partitions] TAG_BUFFER
 *           topic_id => UUID; topic_name => COMPACT_STRING; partitions => INT32
 */

/** ShareGroupDescribe's API key. */
export const API_KEY = 77;
const API_NAME = 'ShareGroupDescribe';
/** The versions this module speaks. */
export const SUPPORTED_VERSIONS: readonly number[] = [1];

/** One topic of a member's assignment. */
export interface ShareGroupAssignedTopic {
  topicName: string;
  partitions: number[];
}

/** A member of a share group. */
export interface ShareGroupMember {
  memberId: string;
  rackId: string | null;
  memberEpoch: number;
  clientId: string;
  clientHost: string;
  subscribedTopicNames: string[];
  /** The current assignment, topic by topic (the wire's Assignment.TopicPartitions). */
  assignment: ShareGroupAssignedTopic[];
}

/** One described share group; `errorCode` non-zero (e.g. 69 GROUP_ID_NOT_FOUND) when it could not be. */
export interface ShareGroupDescription {
  errorCode: number;
  errorMessage: string | null;
  groupId: string;
  groupState: string;
  groupEpoch: number;
  assignmentEpoch: number;
  assignorName: string;
  members: ShareGroupMember[];
}

/** The decoded response: the groups in the order asked. */
export interface ShareGroupDescribeResponse {
  groups: ShareGroupDescription[];
}

/** The request arguments after the connection: `api.async(connection, groupIds)`. */
export type ShareGroupDescribeArguments = [groupIds: readonly string[]];

/** The request body for `groupIds` (authorized operations are not asked for: we do not show them). */
export function createRequest(apiVersion: number, groupIds: readonly string[]): Writer {
  assertSupportedVersion(API_NAME, apiVersion, SUPPORTED_VERSIONS);
  return Writer.create()
    .appendArray([...groupIds], (writer, groupId) => writer.appendString(groupId), true, false)
    .appendBoolean(false)
    .appendTaggedFields();
}

function readAssignedTopic(reader: Reader): ShareGroupAssignedTopic {
  skipUuid(reader);
  return { topicName: reader.readString(), partitions: readInt32Array(reader) };
}

function readMember(reader: Reader): ShareGroupMember {
  const memberId = reader.readString();
  const rackId = reader.readNullableString();
  const memberEpoch = reader.readInt32();
  const clientId = reader.readString();
  const clientHost = reader.readString();
  const subscribedTopicNames = readStringArray(reader);
  const assignment = readStructArray(reader, readAssignedTopic);
  reader.readTaggedFields(); // the end of the Assignment struct
  return { memberId, rackId, memberEpoch, clientId, clientHost, subscribedTopicNames, assignment };
}

/** Decodes a response; throws ResponseError (with `response`) when a group has an error code. */
export function parseResponse(
  _correlationId: number,
  apiKey: number,
  apiVersion: number,
  reader: Reader,
): ShareGroupDescribeResponse {
  assertSupportedVersion(API_NAME, apiVersion, SUPPORTED_VERSIONS);
  const errors: ResponseErrorWithLocation[] = [];
  const response = decodeWholeResponse(reader, API_NAME, apiVersion, () => {
    skipBytes(reader, 4); // throttle_time_ms
    const groups = readStructArray(reader, (r, index): ShareGroupDescription => {
      const errorCode = r.readInt16();
      const errorMessage = r.readNullableString();
      if (errorCode !== 0) errors.push([`/groups/${index}`, [errorCode, errorMessage]]);
      const group: ShareGroupDescription = {
        errorCode,
        errorMessage,
        groupId: r.readString(),
        groupState: r.readString(),
        groupEpoch: r.readInt32(),
        assignmentEpoch: r.readInt32(),
        assignorName: r.readString(),
        members: readStructArray(r, readMember),
      };
      skipBytes(r, 4); // authorized_operations
      return group;
    });
    reader.readTaggedFields();
    return { groups };
  });
  throwOnErrorCodes(apiKey, apiVersion, errors, response);
  return response;
}

/** ShareGroupDescribe v1: `shareGroupDescribeV1.async(connection, groupIds)`. */
export const shareGroupDescribeV1: API<ShareGroupDescribeArguments, ShareGroupDescribeResponse> = createAPI<
  ShareGroupDescribeArguments,
  ShareGroupDescribeResponse
>(API_KEY, 1, (groupIds: readonly string[]) => createRequest(1, groupIds), parseResponse);

/** The newest version we speak within the broker's advertised range, or undefined when none is. */
export function newestApi(
  brokerMinVersion: number,
  brokerMaxVersion: number,
): API<ShareGroupDescribeArguments, ShareGroupDescribeResponse> | undefined {
  return newestApiInRange([shareGroupDescribeV1], brokerMinVersion, brokerMaxVersion);
}
