// Counts the requests this process sends to Kafka brokers, by API name, through the client's
// diagnostics channel: for benchmarks that compare our round trips with Kafka's own tool.

import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { protocolAPIsById } from '@platformatic/kafka';

/** Requests sent to brokers, by Kafka API name, while a counter runs. */
export interface RequestStats {
  readonly total: number;
  readonly byApi: Readonly<Record<string, number>>;
}

/** A running request counter (for benchmarks): `stop()` ends it and returns what it counted. */
export interface RequestCounter {
  snapshot(): RequestStats;
  stop(): RequestStats;
}

const requestChannel = 'tracing:plt:kafka:connections:api:start';

/**
 * Counts the requests this process sends to brokers, through the client's diagnostics channel
 * (`plt:kafka:connections:api`, published once per request put on the wire).
 */
export function startRequestCounter(): RequestCounter {
  const byApi: Record<string, number> = {};
  let total = 0;
  const onRequest = (message: unknown): void => {
    const apiKey = (message as { apiKey?: unknown }).apiKey;
    const name = typeof apiKey === 'number' ? (protocolAPIsById[apiKey] ?? `api${apiKey}`) : 'unknown';
    byApi[name] = (byApi[name] ?? 0) + 1;
    total++;
  };
  subscribe(requestChannel, onRequest);
  const snapshot = (): RequestStats => ({ total, byApi: { ...byApi } });
  return {
    snapshot,
    stop() {
      unsubscribe(requestChannel, onRequest);
      return snapshot();
    },
  };
}
