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
