// Counts the requests the wire path puts on the wire, by Kafka API name, for `--request-stats` and the
// benchmarks (the full client's requests are counted by src/kafka/requestCounter.ts).

import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { apiKeys } from './coordinatorApis';
import { clusterApiKeys } from './clusterApis';
import { wireRequestChannel } from './wireConnection';
import { saslApiKeys } from './wireSecurity';

const apiNames: Readonly<Record<number, string>> = {
  [apiKeys.offsetFetch]: 'OffsetFetch',
  [apiKeys.findCoordinator]: 'FindCoordinator',
  [apiKeys.describeGroups]: 'DescribeGroups',
  [apiKeys.listGroups]: 'ListGroups',
  [apiKeys.consumerGroupDescribe]: 'ConsumerGroupDescribe',
  [clusterApiKeys.listOffsets]: 'ListOffsets',
  [clusterApiKeys.metadata]: 'Metadata',
  [clusterApiKeys.apiVersions]: 'ApiVersions',
  [saslApiKeys.saslHandshake]: 'SaslHandshake',
  [saslApiKeys.saslAuthenticate]: 'SaslAuthenticate',
};

/** Requests counted so far, by API name. */
export interface WireRequestStats {
  readonly total: number;
  readonly byApi: Readonly<Record<string, number>>;
}

/** Starts counting; `stop()` ends it and returns the counts. */
export function startWireRequestCounter(): { stop(): WireRequestStats } {
  const byApi: Record<string, number> = {};
  let total = 0;
  const onRequest = (message: unknown): void => {
    const apiKey = (message as { apiKey?: number }).apiKey ?? -1;
    const name = apiNames[apiKey] ?? `api${apiKey}`;
    byApi[name] = (byApi[name] ?? 0) + 1;
    total++;
  };
  subscribe(wireRequestChannel.name, onRequest);
  return {
    stop() {
      unsubscribe(wireRequestChannel.name, onRequest);
      return { total, byApi: { ...byApi } };
    },
  };
}
