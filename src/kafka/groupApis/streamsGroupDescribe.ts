// StreamsGroupDescribe (API key 89, KIP-1071), which @platformatic/kafka does not implement: describes
// many Kafka Streams groups in one request and decodes only what we show (state, epochs, the topology's
// subtopologies, members and their tasks); task offsets, client tags, topic configs and the v1 topology
// description are skipped, not decoded.

import { createAPI, Writer, type API, type Reader, type ResponseErrorWithLocation } from '@platformatic/kafka';
import {
  assertSupportedVersion,
  decodeWholeResponse,
  newestApiInRange,
  readInt32Array,
  readNullableStructArray,
  readStringArray,
  readStructArray,
  readStructPresence,
  skipBytes,
  skipNullableStruct,
  skipString,
  skipStringArray,
  skipStructArray,
  throwOnErrorCodes,
} from './leanDecoding';

/*
 * StreamsGroupDescribe request and response: versions 0-1, flexible in every version. Version 1
 * (KIP-1331, KIP-1357) adds include_topology_description to the request and topology_description,
 * topology_description_status and assignor_name at the end of each group of the response.
 *
 * Request => [group_ids] include_authorized_operations include_topology_description(v1+) TAG_BUFFER
 *   group_ids => COMPACT_STRING; include_authorized_operations, include_topology_description => BOOLEAN
 *
 * Response => throttle_time_ms [groups] TAG_BUFFER
 *   groups => error_code error_message group_id group_state group_epoch assignment_epoch topology [members]
 *             authorized_operations topology_description(v1+) topology_description_status(v1+)
 *             assignor_name(v1+) TAG_BUFFER
 *     error_code => INT16; error_message => COMPACT_NULLABLE_STRING; group_id, group_state => COMPACT_STRING
 *     group_epoch, assignment_epoch, authorized_operations => INT32
 *     topology => NULLABLE STRUCT: epoch [subtopologies] TAG_BUFFER (subtopologies: COMPACT_NULLABLE_ARRAY)
 *       subtopologies => subtopology_id [source_topics] [repartition_sink_topics] [state_changelog_topics]
 *                        [repartition_source_topics] TAG_BUFFER
 *         subtopology_id => COMPACT_STRING; source_topics, repartition_sink_topics => COMPACT_STRING
 *         state_changelog_topics, repartition_source_topics => TopicInfo
 *     members => member_id member_epoch instance_id rack_id client_id client_host topology_epoch process_id
 *                user_endpoint [client_tags] [task_offsets] [task_end_offsets] assignment target_assignment
 *                is_classic TAG_BUFFER
 *       member_id => COMPACT_STRING; member_epoch, topology_epoch => INT32
 *       instance_id, rack_id => COMPACT_NULLABLE_STRING; client_id, client_host, process_id => COMPACT_STRING
 *       user_endpoint => NULLABLE STRUCT: host(COMPACT_STRING) port(UINT16) TAG_BUFFER
 *       client_tags => KeyValue; task_offsets, task_end_offsets => TaskOffset
 *       assignment, target_assignment => Assignment; is_classic => BOOLEAN
 *     topology_description => NULLABLE STRUCT: [subtopologies] [global_stores] TAG_BUFFER
 *       subtopologies => subtopology_id(COMPACT_STRING) [nodes] TAG_BUFFER
 *       global_stores => source(Node) processor(Node) TAG_BUFFER
 *     topology_description_status => INT8; assignor_name => COMPACT_NULLABLE_STRING
 *   TopicInfo => name(COMPACT_STRING) partitions(INT32) replication_factor(INT16) [topic_configs(KeyValue)] TAG_BUFFER
 *   KeyValue => key(COMPACT_STRING) value(COMPACT_STRING) TAG_BUFFER
 *   TaskOffset => subtopology_id(COMPACT_STRING) partition(INT32) offset(INT64) TAG_BUFFER
 *   Assignment => [active_tasks] [standby_tasks] [warmup_tasks] TAG_BUFFER (each TaskIds)
 *   TaskIds => subtopology_id(COMPACT_STRING) [partitions(INT32)] TAG_BUFFER
 *   Node => name(COMPACT_STRING) node_type(INT8) [source_topics] sink_topic(COMPACT_NULLABLE_STRING) [stores]
 *           [successors] TAG_BUFFER (the three arrays: COMPACT_STRING)
 */

/** StreamsGroupDescribe's API key. */
export const API_KEY = 89;
const API_NAME = 'StreamsGroupDescribe';
/** The versions this module speaks. */
export const SUPPORTED_VERSIONS: readonly number[] = [0, 1];

/** The tasks of one subtopology: its partition numbers (the same number in each of its source topics). */
export interface StreamsTaskIds {
  subtopologyId: string;
  partitions: number[];
}

/** A member's tasks, by kind. */
export interface StreamsTasks {
  activeTasks: StreamsTaskIds[];
  standbyTasks: StreamsTaskIds[];
  warmupTasks: StreamsTaskIds[];
}

/** The Interactive Queries endpoint a member published. */
export interface StreamsUserEndpoint {
  host: string;
  port: number;
}

/** A member of a streams group. */
export interface StreamsGroupMember {
  memberId: string;
  memberEpoch: number;
  instanceId: string | null;
  rackId: string | null;
  clientId: string;
  clientHost: string;
  processId: string;
  userEndpoint: StreamsUserEndpoint | null;
  assignment: StreamsTasks;
  targetAssignment: StreamsTasks;
  /** True for a classic member not upgraded yet. */
  isClassic: boolean;
}

/** A subtopology: the topics whose partitions its tasks read (names only). */
export interface StreamsSubtopology {
  subtopologyId: string;
  sourceTopics: string[];
  repartitionSourceTopics: string[];
}

/** The topology the group has initialized. */
export interface StreamsTopology {
  epoch: number;
  /** Null when the group is uninitialized or its source topics are missing or wrongly partitioned. */
  subtopologies: StreamsSubtopology[] | null;
}

/** One described streams group; `errorCode` non-zero (e.g. 69 GROUP_ID_NOT_FOUND) when it could not be. */
export interface StreamsGroupDescription {
  errorCode: number;
  errorMessage: string | null;
  groupId: string;
  groupState: string;
  groupEpoch: number;
  /** The epoch of the target assignment (the wire's AssignmentEpoch). */
  targetAssignmentEpoch: number;
  /** Null on a describe error. */
  topology: StreamsTopology | null;
  members: StreamsGroupMember[];
  /** The server-side assignor (version 1+; absent before). */
  assignorName?: string | null;
}

/** The decoded response: the groups in the order asked. */
export interface StreamsGroupDescribeResponse {
  groups: StreamsGroupDescription[];
}

/** The request arguments after the connection: `api.async(connection, groupIds)`. */
export type StreamsGroupDescribeArguments = [groupIds: readonly string[]];

/** The request body for `groupIds`; neither authorized operations nor the topology description is asked for. */
export function createRequest(apiVersion: number, groupIds: readonly string[]): Writer {
  assertSupportedVersion(API_NAME, apiVersion, SUPPORTED_VERSIONS);
  const writer = Writer.create()
    .appendArray([...groupIds], (w, groupId) => w.appendString(groupId), true, false)
    .appendBoolean(false);
  if (apiVersion >= 1) writer.appendBoolean(false);
  return writer.appendTaggedFields();
}

function skipKeyValue(reader: Reader): void {
  skipString(reader);
  skipString(reader);
}

function skipTopicInfo(reader: Reader): void {
  skipString(reader); // name
  skipBytes(reader, 4 + 2); // partitions, replication_factor
  skipStructArray(reader, skipKeyValue); // topic_configs
}

function readTopicInfoName(reader: Reader): string {
  const name = reader.readString();
  skipBytes(reader, 4 + 2); // partitions, replication_factor
  skipStructArray(reader, skipKeyValue); // topic_configs
  return name;
}

function skipTaskOffset(reader: Reader): void {
  skipString(reader); // subtopology_id
  skipBytes(reader, 4 + 8); // partition, offset
}

function readSubtopology(reader: Reader): StreamsSubtopology {
  const subtopologyId = reader.readString();
  const sourceTopics = readStringArray(reader);
  skipStringArray(reader); // repartition_sink_topics
  skipStructArray(reader, skipTopicInfo); // state_changelog_topics
  const repartitionSourceTopics = readStructArray(reader, readTopicInfoName);
  return { subtopologyId, sourceTopics, repartitionSourceTopics };
}

function readTopology(reader: Reader): StreamsTopology | null {
  if (!readStructPresence(reader)) return null;
  const epoch = reader.readInt32();
  const subtopologies = readNullableStructArray(reader, readSubtopology);
  reader.readTaggedFields();
  return { epoch, subtopologies };
}

function readTaskIds(reader: Reader): StreamsTaskIds {
  return { subtopologyId: reader.readString(), partitions: readInt32Array(reader) };
}

function readTasks(reader: Reader): StreamsTasks {
  const activeTasks = readStructArray(reader, readTaskIds);
  const standbyTasks = readStructArray(reader, readTaskIds);
  const warmupTasks = readStructArray(reader, readTaskIds);
  reader.readTaggedFields();
  return { activeTasks, standbyTasks, warmupTasks };
}

function readUserEndpoint(reader: Reader): StreamsUserEndpoint | null {
  if (!readStructPresence(reader)) return null;
  const host = reader.readString();
  const port = reader.readUnsignedInt16();
  reader.readTaggedFields();
  return { host, port };
}

function readMember(reader: Reader): StreamsGroupMember {
  const memberId = reader.readString();
  const memberEpoch = reader.readInt32();
  const instanceId = reader.readNullableString();
  const rackId = reader.readNullableString();
  const clientId = reader.readString();
  const clientHost = reader.readString();
  skipBytes(reader, 4); // topology_epoch
  const processId = reader.readString();
  const userEndpoint = readUserEndpoint(reader);
  skipStructArray(reader, skipKeyValue); // client_tags
  skipStructArray(reader, skipTaskOffset); // task_offsets
  skipStructArray(reader, skipTaskOffset); // task_end_offsets
  const assignment = readTasks(reader);
  const targetAssignment = readTasks(reader);
  const isClassic = reader.readBoolean();
  return {
    memberId,
    memberEpoch,
    instanceId,
    rackId,
    clientId,
    clientHost,
    processId,
    userEndpoint,
    assignment,
    targetAssignment,
    isClassic,
  };
}

function skipTopologyNode(reader: Reader): void {
  skipString(reader); // name
  skipBytes(reader, 1); // node_type
  skipStringArray(reader); // source_topics
  skipString(reader); // sink_topic
  skipStringArray(reader); // stores
  skipStringArray(reader); // successors
}

function skipTopologyDescription(reader: Reader): void {
  skipStructArray(reader, (r) => {
    skipString(r); // subtopology_id
    skipStructArray(r, skipTopologyNode); // nodes
  });
  skipStructArray(reader, (r) => {
    skipTopologyNode(r); // source
    r.readTaggedFields();
    skipTopologyNode(r); // processor
    r.readTaggedFields();
  });
}

/** Decodes a response; throws ResponseError (with `response`) when a group has an error code. */
export function parseResponse(
  _correlationId: number,
  apiKey: number,
  apiVersion: number,
  reader: Reader,
): StreamsGroupDescribeResponse {
  assertSupportedVersion(API_NAME, apiVersion, SUPPORTED_VERSIONS);
  const errors: ResponseErrorWithLocation[] = [];
  const response = decodeWholeResponse(reader, API_NAME, apiVersion, () => {
    skipBytes(reader, 4); // throttle_time_ms
    const groups = readStructArray(reader, (r, index): StreamsGroupDescription => {
      const errorCode = r.readInt16();
      const errorMessage = r.readNullableString();
      if (errorCode !== 0) errors.push([`/groups/${index}`, [errorCode, errorMessage]]);
      const group: StreamsGroupDescription = {
        errorCode,
        errorMessage,
        groupId: r.readString(),
        groupState: r.readString(),
        groupEpoch: r.readInt32(),
        targetAssignmentEpoch: r.readInt32(),
        topology: readTopology(r),
        members: readStructArray(r, readMember),
      };
      skipBytes(r, 4); // authorized_operations
      if (apiVersion >= 1) {
        skipNullableStruct(r, skipTopologyDescription); // topology_description
        skipBytes(r, 1); // topology_description_status
        group.assignorName = r.readNullableString(); // `--state` shows it
      }
      return group;
    });
    reader.readTaggedFields();
    return { groups };
  });
  throwOnErrorCodes(apiKey, apiVersion, errors, response);
  return response;
}

function apiAt(apiVersion: number): API<StreamsGroupDescribeArguments, StreamsGroupDescribeResponse> {
  return createAPI<StreamsGroupDescribeArguments, StreamsGroupDescribeResponse>(
    API_KEY,
    apiVersion,
    (groupIds: readonly string[]) => createRequest(apiVersion, groupIds),
    parseResponse,
  );
}

/** StreamsGroupDescribe v1 (Kafka 4.4's newest): `streamsGroupDescribeV1.async(connection, groupIds)`. */
export const streamsGroupDescribeV1 = apiAt(1);
/** StreamsGroupDescribe v0: `streamsGroupDescribeV0.async(connection, groupIds)`. */
export const streamsGroupDescribeV0 = apiAt(0);

/** The newest version we speak within the broker's advertised range, or undefined when none is. */
export function newestApi(
  brokerMinVersion: number,
  brokerMaxVersion: number,
): API<StreamsGroupDescribeArguments, StreamsGroupDescribeResponse> | undefined {
  return newestApiInRange([streamsGroupDescribeV0, streamsGroupDescribeV1], brokerMinVersion, brokerMaxVersion);
}
