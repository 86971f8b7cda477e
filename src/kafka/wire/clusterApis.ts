// The cluster-wide requests a describe needs, encoded and decoded here with only the fields it uses:
// ApiVersions v3 (which versions a broker speaks), Metadata v12 (the leaders of some topics) and
// ListOffsets v6–v9 (offsets at a timestamp, read_uncommitted, one request per leader).

import type { WireConnection } from './wireConnection';
import { WireFallback } from './wireConnection';

export const clusterApiKeys = { listOffsets: 2, metadata: 3, apiVersions: 18 } as const;

/** The version range a broker speaks, by API key. */
export type ApiRanges = ReadonlyMap<number, { readonly min: number; readonly max: number }>;

declare const CLI_VERSION: string | undefined;
const softwareVersion = typeof CLI_VERSION === 'string' ? CLI_VERSION : '0.0.0-dev';

/** ApiVersions v3: the versions the broker speaks. A broker too old for v3 is left to the full client. */
export async function apiVersions(connection: WireConnection): Promise<ApiRanges> {
  const r = await connection.send(clusterApiKeys.apiVersions, 3, (w) => {
    w.compactString('kafka-offset-trace').compactString(softwareVersion).noTags();
  });
  const errorCode = r.int16();
  if (errorCode !== 0) throw new WireFallback(`ApiVersions v3 answered error ${errorCode}`);
  const ranges = new Map<number, { min: number; max: number }>();
  for (let n = r.compactArrayLength(), i = 0; i < n; i++) {
    const key = r.int16();
    const min = r.int16();
    const max = r.int16();
    r.skipTags();
    ranges.set(key, { min, max });
  }
  r.int32();
  r.skipTags();
  r.expectEnd('ApiVersions v3');
  return ranges;
}

/** A partition's leader as Metadata names it (leaderId -1: none). */
export interface PartitionLeader {
  readonly partition: number;
  readonly leaderId: number;
}

/** The Metadata v12 answer for some topics. */
export interface TopicsMetadata {
  readonly brokers: ReadonlyMap<number, { readonly host: string; readonly port: number }>;
  readonly topics: readonly {
    readonly name: string;
    readonly errorCode: number;
    readonly partitions: PartitionLeader[];
  }[];
}

/** Metadata v12 for `topics` (never creating one). */
export async function topicsMetadata(connection: WireConnection, topics: readonly string[]): Promise<TopicsMetadata> {
  const r = await connection.send(clusterApiKeys.metadata, 12, (w) => {
    w.compactArray(topics, (name) => w.zeroUuid().compactString(name).noTags());
    w.bool(false).bool(false).noTags();
  });
  r.int32();
  const brokers = new Map<number, { host: string; port: number }>();
  for (let n = r.compactArrayLength(), i = 0; i < n; i++) {
    const nodeId = r.int32();
    const host = r.compactString();
    const port = r.int32();
    r.skipCompactString(); // rack
    r.skipTags();
    brokers.set(nodeId, { host, port });
  }
  r.skipCompactString(); // cluster id
  r.int32(); // controller
  const described: { name: string; errorCode: number; partitions: PartitionLeader[] }[] = [];
  for (let n = r.compactArrayLength(), i = 0; i < n; i++) {
    const errorCode = r.int16();
    const name = r.compactNullableString() ?? '';
    r.skipBytes(16 + 1); // topic id, is internal
    const partitions: PartitionLeader[] = [];
    for (let p = r.compactArrayLength(), j = 0; j < p; j++) {
      r.int16(); // partition error (e.g. LEADER_NOT_AVAILABLE: the leader id says it)
      const partition = r.int32();
      const leaderId = r.int32();
      r.int32(); // leader epoch
      r.skipCompactArrayOf(4); // replicas
      r.skipCompactArrayOf(4); // isr
      r.skipCompactArrayOf(4); // offline
      r.skipTags();
      partitions.push({ partition, leaderId });
    }
    r.int32(); // topic authorized operations
    r.skipTags();
    described.push({ name, errorCode, partitions });
  }
  r.skipTags();
  r.expectEnd('Metadata v12');
  return { brokers, topics: described };
}

/** One partition's ListOffsets answer. */
export interface ListedOffset {
  readonly topic: string;
  readonly partition: number;
  readonly errorCode: number;
  readonly offset: number;
}

/** The ListOffsets timestamps: the log end and the log start. */
export const latestTimestamp = -1n;
export const earliestTimestamp = -2n;

/** ListOffsets v`version` (6–9 share one layout) at `timestamp` for the partitions of `topics`, read_uncommitted. */
export async function listOffsets(
  connection: WireConnection,
  version: number,
  timestamp: bigint,
  topics: ReadonlyMap<string, readonly number[]>,
): Promise<ListedOffset[]> {
  const r = await connection.send(clusterApiKeys.listOffsets, version, (w) => {
    w.int32(-1).int8(0);
    w.compactArray([...topics], ([name, partitions]) => {
      w.compactString(name);
      w.compactArray(partitions, (partition) => w.int32(partition).int32(-1).int64(timestamp).noTags());
      w.noTags();
    });
    w.noTags();
  });
  r.int32();
  const listed: ListedOffset[] = [];
  for (let n = r.compactArrayLength(), i = 0; i < n; i++) {
    const topic = r.compactString();
    for (let p = r.compactArrayLength(), j = 0; j < p; j++) {
      const partition = r.int32();
      const errorCode = r.int16();
      r.int64(); // timestamp
      const offset = r.int64();
      r.int32(); // leader epoch
      r.skipTags();
      listed.push({ topic, partition, errorCode, offset });
    }
    r.skipTags();
  }
  r.skipTags();
  r.expectEnd(`ListOffsets v${version}`);
  return listed;
}
