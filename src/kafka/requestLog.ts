// Logs the Kafka requests and connection attempts of our own admin clients, read from the client
// library's diagnostics channels: API name, broker, duration, outcome (error codes only, never a payload,
// a response or a message text, so no SASL exchange can reach the log).

import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { protocolAPIsById } from '@platformatic/kafka';
import { elapsedMs, errorCodes, type KafkaLogger } from './kafkaLogger';

/** A running request log: `dispose()` stops it. */
export interface RequestLog {
  dispose(): void;
}

/** What the library publishes for one request or connection attempt (read defensively). */
interface DiagnosticContext {
  readonly connection?: { readonly ownerId?: unknown; readonly host?: unknown; readonly port?: unknown };
  readonly apiKey?: unknown;
  readonly apiVersion?: unknown;
  readonly host?: unknown;
  readonly port?: unknown;
  readonly error?: unknown;
}

const apiChannel = 'tracing:plt:kafka:connections:api';
const connectChannel = 'tracing:plt:kafka:connections:connects';

/** The API's name (`Metadata`, `OffsetFetch`, …) and version, e.g. `Metadata v12`. */
export function apiName(apiKey: unknown, apiVersion: unknown): string {
  const name = typeof apiKey === 'number' ? (protocolAPIsById[apiKey] ?? `api${apiKey}`) : 'unknown API';
  return typeof apiVersion === 'number' ? `${name} v${apiVersion}` : name;
}

function endpoint(host: unknown, port: unknown): string {
  return typeof host === 'string' && typeof port === 'number' ? `${host}:${port}` : 'a broker';
}

/**
 * Logs, through `logger`, each request (debug) and connection attempt (info; warn when it fails) made by
 * a client whose instance id `isOwn` accepts: the channels are process-wide, other clients are skipped.
 */
export function startRequestLog(logger: KafkaLogger, isOwn: (ownerId: unknown) => boolean): RequestLog {
  const started = new WeakMap<object, number>();
  const own = (message: unknown): message is DiagnosticContext =>
    typeof message === 'object' && message !== null && isOwn((message as DiagnosticContext).connection?.ownerId);

  const onStart = (message: unknown): void => {
    if (own(message)) started.set(message, performance.now());
  };
  const onRequestEnd = (message: unknown): void => {
    if (!own(message)) return;
    const at = started.get(message);
    if (at === undefined) return;
    started.delete(message);
    const broker = endpoint(message.connection?.host, message.connection?.port);
    const outcome = message.error === undefined ? 'ok' : `failed (${errorCodes(message.error)})`;
    logger.debug(`${apiName(message.apiKey, message.apiVersion)} → ${broker}: ${outcome} in ${elapsedMs(at)} ms`);
  };
  const onConnectEnd = (message: unknown): void => {
    if (!own(message)) return;
    const at = started.get(message);
    if (at === undefined) return;
    started.delete(message);
    const broker = endpoint(message.host, message.port);
    if (message.error === undefined) logger.info(`connected to ${broker} in ${elapsedMs(at)} ms`);
    else logger.warn(`cannot connect to ${broker} (${errorCodes(message.error)}) after ${elapsedMs(at)} ms`);
  };

  const subscriptions: [string, (message: unknown) => void][] = [
    [`${apiChannel}:start`, onStart],
    [`${apiChannel}:asyncEnd`, onRequestEnd],
    [`${connectChannel}:start`, onStart],
    [`${connectChannel}:asyncEnd`, onConnectEnd],
  ];
  for (const [name, handler] of subscriptions) subscribe(name, handler);
  return {
    dispose() {
      for (const [name, handler] of subscriptions) unsubscribe(name, handler);
    },
  };
}
