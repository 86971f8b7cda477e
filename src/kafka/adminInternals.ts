// The Kafka client's private (symbol-keyed) API, as promises: a protocol API at a minimum version, the
// bootstrap connection and a connection to one broker. Lets the inspector send exactly the requests
// Kafka's own tool sends, in as few round trips.

import {
  kGetApi,
  kGetBootstrapConnection,
  kGetConnection,
  kListApis,
  type Admin,
  type API,
  type apiVersionsV3,
  type Broker,
  type Connection,
} from '@platformatic/kafka';
import { KafkaOperationError } from './kafkaErrors';

/** The client's implementation of protocol API `name`; rejects when the brokers lack it or only have it below `minVersion`. */
export function protocolApi<A extends unknown[], R>(client: Admin, name: string, minVersion = 0): Promise<API<A, R>> {
  return new Promise((resolve, reject) => {
    client[kGetApi]<A, R>(name, (error, found) => {
      if (error || !found) reject(error ?? new Error(`the brokers do not support ${name}`));
      else if (found.version < minVersion)
        reject(new KafkaOperationError('request', `the brokers are too old: ${name} v${minVersion}+ is needed`));
      else resolve(found);
    });
  });
}

/** The connection to a bootstrap server (opened if needed). */
export function bootstrapConnection(client: Admin): Promise<Connection> {
  return new Promise((resolve, reject) => {
    client[kGetBootstrapConnection]((error, connection) =>
      error || !connection ? reject(error) : resolve(connection),
    );
  });
}

/** The connection to the broker at `host:port` (opened if needed). */
export function brokerConnection(client: Admin, host: string, port: number): Promise<Connection> {
  return new Promise((resolve, reject) => {
    client[kGetConnection]({ host, port }, (error, connection) =>
      error || !connection ? reject(error) : resolve(connection),
    );
  });
}

/** The response a ResponseError carries (the client throws when any error code in it is non-zero). */
export function responseOf<T>(error: unknown): T | undefined {
  return typeof error === 'object' && error !== null ? ((error as { response?: T }).response ?? undefined) : undefined;
}

/**
 * `call`'s answer, also when an error code in it made the client reject: for requests about many
 * groups, whose answer holds each group's own code.
 */
export function answerEvenOnErrorCodes<R>(call: Promise<R>): Promise<R> {
  return call.catch((error: unknown) => {
    const response = responseOf<R>(error);
    if (!response) throw error;
    return response;
  });
}

/** The version range the brokers advertise for protocol API `name` (ApiVersions), or undefined when they lack it. */
export function brokerApiRange(
  client: Admin,
  name: string,
): Promise<{ minVersion: number; maxVersion: number } | undefined> {
  return new Promise((resolve, reject) => {
    client[kListApis]((error, apis) => {
      if (error || !apis) {
        reject(error ?? new Error('the brokers did not list their APIs'));
        return;
      }
      const found = apis.find((api) => api.name === name);
      resolve(found ? { minVersion: found.minVersion, maxVersion: found.maxVersion } : undefined);
    });
  });
}

/** The client's own (unexported, symbol-keyed) property whose symbol is described `description`. */
function ownSymbol(client: Admin, description: string): symbol | undefined {
  return Object.getOwnPropertySymbols(client).find((s) => s.description === description);
}

/**
 * The client's bootstrap brokers, in the order it tries them (the live array: reordering it changes
 * which one the client asks first), or undefined when this version of the library hides them.
 */
export function bootstrapBrokerList(client: Admin): Broker[] | undefined {
  const key = ownSymbol(client, 'plt.kafka.base.bootstrapBrokers');
  const list = key ? (client as unknown as Record<symbol, unknown>)[key] : undefined;
  return Array.isArray(list) ? (list as Broker[]) : undefined;
}

/** True once the client knows the brokers' API versions (it has had an ApiVersions answer). */
export function hasListedApis(client: Admin): boolean {
  const key = ownSymbol(client, 'plt.kafka.base.apis');
  const apis = key ? (client as unknown as Record<symbol, unknown>)[key] : undefined;
  return Array.isArray(apis) && apis.length > 0;
}

/**
 * Gives the client the API versions a broker answered (as its own ApiVersions request would), so it
 * does not ask again; false when this version of the library hides where they go.
 */
export function setListedApis(client: Admin, apis: readonly apiVersionsV3.ApiVersionsResponseApi[]): boolean {
  const key = ownSymbol(client, 'plt.kafka.base.apis');
  if (!key || !Array.isArray((client as unknown as Record<symbol, unknown>)[key])) return false;
  (client as unknown as Record<symbol, unknown>)[key] = [...apis];
  return true;
}
