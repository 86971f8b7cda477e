// The connections of one short wire-protocol session (e.g. a CLI describe), plaintext or secured: the bootstrap server that
// answered first, found as the full client's probe does (the next server is asked when one has not
// answered within its share of the timeout, or failed), the API versions it speaks, and one pooled
// connection per other broker.

import { retryDeadline } from '../coordinatorRetry';
import { isKafkaOperationError } from '../kafkaErrors';
import { apiVersions, type ApiRanges } from './clusterApis';
import { serverShareMs } from './serverAnswers';
import { type WireConnection, WireFallback } from './wireConnection';
import { openConnection, type WireSecurity } from './wireSecurity';

/** `host:port` (IPv6 in brackets) as host and port. */
export function parseServer(server: string): { host: string; port: number } {
  const at = server.lastIndexOf(':');
  const port = Number(server.slice(at + 1));
  if (at <= 0 || !Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new WireFallback(`cannot read the server "${server}"`);
  }
  return { host: server.slice(0, at).replace(/^\[(.*)\]$/, '$1'), port };
}

/** An open session: the bootstrap connection, its API versions, and connections to other brokers. */
export class WireSession {
  private readonly pool = new Map<string, Promise<WireConnection>>();
  private readonly opened: WireConnection[] = [];
  /** Aborted by close(): stops connections still being made (a broker that never answers the SYN). */
  private readonly closing = new AbortController();
  private closed = false;

  private constructor(
    readonly bootstrap: WireConnection,
    readonly ranges: ApiRanges,
    private readonly clientId: string,
    /** Until when (Date.now()) a request to a broker that went away is worth asking again (its partitions' leaders moving). */
    readonly retryUntil: number,
    private readonly security: WireSecurity | undefined,
  ) {
    this.opened.push(bootstrap);
    this.pool.set(`${bootstrap.host}:${bootstrap.port}`, Promise.resolve(bootstrap));
  }

  /**
   * Connects to the first of `servers` that answers ApiVersions, the next one asked whenever the one
   * before has not answered within min(timeout / servers, 3 s) or has failed; the others are closed.
   * Rejects with the "not a Kafka broker" error when one was not Kafka and none answered, else with
   * the first server's error. Aborting `signal` (the caller's deadline) closes every attempt.
   */
  static open(
    servers: readonly string[],
    clientId: string,
    timeoutMs: number,
    signal: AbortSignal,
    security?: WireSecurity,
  ): Promise<WireSession> {
    const targets = [...new Set(servers)].map(parseServer);
    if (targets.length === 0) return Promise.reject(new WireFallback('no bootstrap servers'));
    const retryUntil = retryDeadline(timeoutMs);
    const shareMs = serverShareMs(timeoutMs, targets.length);
    interface Attempt {
      readonly controller: AbortController;
      connection?: WireConnection;
    }
    const attempts: Attempt[] = [];
    const stop = (attempt: Attempt): void => {
      attempt.controller.abort();
      attempt.connection?.close();
    };
    return new Promise<WireSession>((resolve, reject) => {
      const errors: unknown[] = [];
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      const onAbort = (): void => {
        for (const attempt of attempts) stop(attempt);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      const finish = (winner: Attempt | undefined, outcome: () => void): void => {
        settled = true;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        for (const attempt of attempts) if (attempt !== winner) stop(attempt);
        outcome();
      };
      const startNext = (): void => {
        clearTimeout(timer);
        if (settled || attempts.length >= targets.length) return;
        const { host, port } = targets[attempts.length];
        const attempt: Attempt = { controller: new AbortController() };
        attempts.push(attempt);
        openConnection(host, port, clientId, attempt.controller.signal, security)
          .then(async (connection) => {
            attempt.connection = connection;
            if (settled || signal.aborted) {
              connection.close();
              return;
            }
            const ranges = await apiVersions(connection);
            if (settled) return;
            finish(attempt, () => resolve(new WireSession(connection, ranges, clientId, retryUntil, security)));
          })
          .catch((error: unknown) => {
            stop(attempt);
            if (settled) return;
            errors.push(error);
            if (signal.aborted) finish(undefined, () => reject(error));
            else if (errors.length === targets.length) {
              // one the full client may manage (an older Kafka) first, then one that is not Kafka at all
              const handedBack = errors.find((e) => e instanceof WireFallback);
              const notKafka = errors.find((e) => isKafkaOperationError(e) && e.kind === 'notKafka');
              finish(undefined, () => reject(handedBack ?? notKafka ?? errors[0]));
            } else startNext();
          });
        if (attempts.length < targets.length) timer = setTimeout(startNext, shareMs);
      };
      startNext();
    });
  }

  /** The highest version of `apiKey` in [min, max] the broker speaks; a WireFallback when none. */
  version(apiKey: number, min: number, max: number): number {
    const range = this.ranges.get(apiKey);
    const version = range ? Math.min(range.max, max) : -1;
    if (!range || version < Math.max(range.min, min)) {
      throw new WireFallback(`the broker does not speak API ${apiKey} v${min}–v${max}`);
    }
    return version;
  }

  /** Checks that the broker speaks `apiKey` at `version`; a WireFallback when not. */
  require(apiKey: number, version: number): void {
    if (!this.speaks(apiKey, version)) throw new WireFallback(`the broker does not speak API ${apiKey} v${version}`);
  }

  /** True when the broker speaks `apiKey` at `version`. */
  speaks(apiKey: number, version: number): boolean {
    const range = this.ranges.get(apiKey);
    return range !== undefined && range.min <= version && version <= range.max;
  }

  /** The connection to the broker at `host:port` (the bootstrap one when it is that broker). */
  connectionTo(host: string, port: number, reopened = false): Promise<WireConnection> {
    const key = `${host}:${port}`;
    let connection = this.pool.get(key);
    if (!connection) {
      connection = openConnection(host, port, this.clientId, this.closing.signal, this.security).then(
        (opened) => {
          if (this.closed) opened.close();
          else this.opened.push(opened);
          return opened;
        },
        (error: unknown) => {
          this.pool.delete(key); // asked again later, it may answer (a broker restarting)
          throw error;
        },
      );
      this.pool.set(key, connection);
    }
    const pooled = connection;
    return pooled.then((opened) => {
      if (!opened.broken || reopened) return opened;
      // the broker closed it (or went away) since: one new connection
      if (this.pool.get(key) === pooled) this.pool.delete(key);
      return this.connectionTo(host, port, true);
    });
  }

  /** Closes every connection of the session. */
  close(): void {
    this.closed = true;
    this.closing.abort();
    for (const connection of this.opened) connection.close();
  }
}
