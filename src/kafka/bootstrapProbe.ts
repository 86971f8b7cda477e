// Picking the bootstrap server the client talks to: each is asked for its API versions in turn, the
// next one started when the one before has not answered within its share of the timeout (or failed),
// and the first that answers as Kafka goes to the front of the client's list (its answer kept, so the
// client does not ask again). A server whose first bytes cannot begin a Kafka response (an HTTP server,
// an SSH banner) fails at once with an error that names it. The caller's deadline bounds it all.

import {
  apiVersionsV3,
  clientSoftwareName,
  clientSoftwareVersion,
  kOptions,
  type Admin,
  type Broker,
  type Connection,
} from '@platformatic/kafka';
import { bootstrapBrokerList, brokerConnection, hasListedApis, setListedApis } from './adminInternals';
import { flattenErrors, isKafkaOperationError } from './kafkaErrors';
import { defaultTimeoutMs } from './kafkaModel';
import { apiVersions as apiVersionsOverWire } from './wire/clusterApis';
import { cannotBeKafka, looksLikeTls, notKafkaError, serverShareMs } from './wire/serverAnswers';
import { WireConnection, WireFallback } from './wire/wireConnection';

/** One server's probe: settles when it answers as Kafka (with its API versions, if they came) or fails. */
interface Probe {
  readonly broker: Broker;
  readonly outcome: Promise<ApiVersions | undefined>;
  /** Closes the probe's connection unless the server answered. */
  abandon(): void;
}

type ApiVersions = apiVersionsV3.ApiVersionsResponse['apiKeys'];

/** Errors that are an answer from a Kafka broker (it parsed our request and replied with an error code). */
function isKafkaAnswer(error: unknown): boolean {
  return flattenErrors(error).some((f) => f.code === 'PLT_KFK_RESPONSE' || f.apiId !== undefined);
}

function probe(client: Admin, broker: Broker): Probe {
  let connection: Connection | undefined;
  let answered = false;
  let abandoned = false;
  const stop = new AbortController();
  const outcome = (async (): Promise<ApiVersions | undefined> => {
    // With SASL the client authenticates before its first request, so a server that is not Kafka only
    // looks like a closed connection to it: one ApiVersions on a plain socket first tells them apart.
    if (needsPlainCheck(client)) {
      await plainCheck(broker, AbortSignal.any([stop.signal, AbortSignal.timeout(clientTimeoutMs(client))]));
    }
    connection = await brokerConnection(client, broker.host, broker.port);
    if (abandoned) throw new Error('abandoned');
    const socket = connection.socket;
    const conn = connection;
    return new Promise<ApiVersions | undefined>((resolve, reject) => {
      let received = Buffer.alloc(0);
      let settled = false;
      const settle = (error: unknown, apis?: ApiVersions): void => {
        if (settled) return;
        settled = true;
        socket?.removeListener('data', watch);
        if (error === null) {
          answered = true;
          resolve(apis);
        } else reject(error instanceof Error ? error : new Error(String(error)));
      };
      // The client waits for as many bytes as the size prefix says: a server that is not Kafka would
      // leave it waiting until the timeout (or until the server closes the connection).
      const watch = (chunk: Buffer): void => {
        if (received.length < 200) received = Buffer.concat([received, chunk]);
        if (cannotBeKafka(received) === true) {
          settle(notKafkaError(broker.host, broker.port, received));
          socket?.destroy();
        }
      };
      socket?.on('data', watch);
      apiVersionsV3.api(conn, clientSoftwareName, String(clientSoftwareVersion), (error, response) => {
        if (!error) settle(null, response?.apiKeys);
        else if (isKafkaAnswer(error)) settle(null, undefined);
        else if (received.length > 0 && cannotBeKafka(received) !== false && !looksLikeTls(received)) {
          // it sent something and closed before a whole Kafka response
          settle(notKafkaError(broker.host, broker.port, received));
        } else settle(error);
      });
    });
  })();
  return {
    broker,
    outcome,
    abandon() {
      abandoned = true;
      stop.abort();
      if (answered) return;
      const open = connection ?? client.connections.getEstablishedConnection(broker);
      if (!open) return;
      void open.close().catch(() => undefined);
      open.socket?.destroy();
    },
  };
}

/** True when the client authenticates with SASL over plain TCP (no TLS): see {@link plainCheck}. */
function needsPlainCheck(client: Admin): boolean {
  const options = (client as unknown as Record<symbol, { sasl?: unknown; tls?: unknown } | undefined>)[kOptions];
  return options?.sasl !== undefined && !options.tls;
}

/**
 * Asks `broker` for its API versions on a plain socket of our own: rejects with the "not a Kafka
 * broker" error when its answer cannot be Kafka, resolves when it answers as Kafka (or says anything
 * else: the client's own connection then reports it), rejects with the socket's error when it cannot
 * be reached. Gives up, leaving it to the client, once `signal` aborts (abandoned, or out of time).
 */
async function plainCheck(broker: Broker, signal: AbortSignal): Promise<void> {
  let connection: WireConnection;
  try {
    connection = await WireConnection.open(broker.host, broker.port, 'kafka-offset-trace', signal);
  } catch (error) {
    if (signal.aborted) return; // given up on (another server answered, or no answer in time)
    throw error;
  }
  const onAbort = (): void => connection.close();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    await apiVersionsOverWire(connection);
  } catch (error) {
    if (isKafkaOperationError(error) && error.kind === 'notKafka') throw error;
    if (error instanceof WireFallback || signal.aborted) return;
    throw error;
  } finally {
    signal.removeEventListener('abort', onAbort);
    connection.close();
  }
}

/** The client's timeout for one request (our connection timeout, see `adminOptions`). */
function clientTimeoutMs(client: Admin): number {
  const options = (client as unknown as Record<symbol, { requestTimeout?: unknown } | undefined>)[kOptions];
  return typeof options?.requestTimeout === 'number' ? options.requestTimeout : defaultTimeoutMs;
}

/**
 * Finds the first bootstrap server that answers as Kafka, asking the next one whenever the one before
 * has not answered within {@link serverShareMs} (or has failed), and puts it first in the client's
 * list. Does nothing once the client has API versions. Rejects with the "not a Kafka broker" error when
 * no server answered and one was not Kafka; when all failed otherwise (refused, unknown host), resolves
 * and leaves the client to fail (and retry) as it would have. Bounded by the caller's deadline: a
 * server that never answers keeps the last probe waiting.
 */
export async function probeBootstrapServers(client: Admin): Promise<void> {
  if (hasListedApis(client)) return;
  const list = bootstrapBrokerList(client);
  if (!list || list.length === 0) return;
  const seen = new Set<string>();
  const brokers = list.filter((b) => {
    const key = `${b.host}:${b.port}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const shareMs = serverShareMs(clientTimeoutMs(client), brokers.length);
  const probes: Probe[] = [];
  const errors: unknown[] = [];
  const winner = await new Promise<{ probe: Probe; apis: ApiVersions | undefined } | undefined>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    let failed = 0;
    let done = false;
    const startNext = (): void => {
      clearTimeout(timer);
      if (done || probes.length >= brokers.length) return;
      const next = probe(client, brokers[probes.length]);
      probes.push(next);
      next.outcome.then(
        (apis) => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          resolve({ probe: next, apis });
        },
        (error: unknown) => {
          if (done) return;
          errors.push(error);
          if (++failed === brokers.length) {
            done = true;
            resolve(undefined);
          } else startNext();
        },
      );
      if (probes.length < brokers.length) timer = setTimeout(startNext, shareMs);
    };
    startNext();
  });
  for (const other of probes) if (other !== winner?.probe) other.abandon();
  if (!winner) {
    const notKafka = errors.find((e) => isKafkaOperationError(e) && e.kind === 'notKafka');
    if (notKafka) throw notKafka;
    return; // refused, unknown host, …: the client's own attempt (with its retry) reports it
  }
  const first = list.findIndex((b) => b.host === winner.probe.broker.host && b.port === winner.probe.broker.port);
  if (first > 0) list.unshift(...list.splice(first, 1));
  if (winner.apis && winner.apis.length > 0) setListedApis(client, winner.apis);
}
