// The logging hook of the Kafka layer: a four-method logger passed in through the connection options
// (silent by default), the one-line summaries it logs, and the redaction every line goes through so
// that no password, token, JAAS config or bearer credential ever reaches a log.

import { flattenErrors, isKafkaOperationError } from './kafkaErrors';
import type { KafkaConnectionOptions, KafkaLogger } from './kafkaModel';

export type { KafkaLogger } from './kafkaModel';

/** The default logger: drops everything. */
export const silentKafkaLogger: KafkaLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** What a secret is replaced with. */
export const redacted = '***';

/** `key=value` / `key: value` / `"key": "value"` pairs whose value is a credential. */
const secretPairs =
  /(["']?\b(?:[\w.-]*password|[\w.-]*token|[\w.-]*secret|sasl\.jaas\.config|jaas\.config)\b["']?\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s,;}]+)/gi;
/** A JAAS config anywhere: `…LoginModule required username="u" password="p";` keeps only the module name. */
const jaasOptions =
  /(LoginModule\s+(?:required|requisite|sufficient|optional))(?:\s+[\w.-]+\s*=\s*(?:"(?:[^"\\]|\\.)*"|'[^']*'|[^\s;]+))*\s*;?/gi;
/** `Bearer <token>` / `Basic <credentials>` as an Authorization header carries them. */
const bearer = /\b((?:Bearer|Basic)\s+)[A-Za-z0-9._~+/=-]+/gi;
/** Anything shaped like a JWT (header.payload.signature, the header starting with `{"`). */
const jwt = /\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;

/** Secrets at least this long are removed wherever they appear; shorter ones only where they stand alone. */
const minAnywhereLength = 8;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * `text` with every secret removed: each of the literal `secrets` (a cluster's password or token),
 * credential pairs (`password=…`, `sasl.jaas.config=…`, `"token": "…"`), JAAS login options, bearer
 * and basic credentials, and JWTs. Used on every line a logger writes.
 */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text;
  // Each secret as typed, JSON-escaped and in base64 (as SASL PLAIN or a header carries it); longest
  // first, so a secret that contains another is removed whole.
  const forms = secrets
    .filter((secret) => secret.length > 0)
    .flatMap((secret) => [
      secret,
      JSON.stringify(secret).slice(1, -1),
      Buffer.from(secret).toString('base64'),
      Buffer.from(secret).toString('base64url'),
    ]);
  for (const form of [...new Set(forms)].sort((a, b) => b.length - a.length)) {
    // A short secret ("p") is removed only where it stands alone, not from inside words ("bootstrap").
    out =
      form.length >= minAnywhereLength
        ? out.split(form).join(redacted)
        : out.replace(new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(form)}(?![A-Za-z0-9])`, 'g'), redacted);
  }
  return out
    .replace(jaasOptions, `$1 ${redacted};`)
    .replace(secretPairs, `$1${redacted}`)
    .replace(bearer, `$1${redacted}`)
    .replace(jwt, redacted);
}

/**
 * `error` with the connection's `secrets` (and anything shaped like a credential) taken out of its
 * message, for errors that reach a user: a broker or proxy that quotes what it was sent must not put
 * a password on the screen, in a notification or in a recording's gap line. The same error, its kind
 * and class kept.
 */
export function withoutSecrets<E extends Error>(error: E, secrets: readonly string[]): E {
  const message = redactSecrets(error.message, secrets);
  if (message !== error.message) {
    error.message = message;
    if (error.stack !== undefined) error.stack = redactSecrets(error.stack, secrets);
  }
  return error;
}

/** The secret values of connection options (SASL password or token), to redact from anything logged. */
export function secretsOf(options: KafkaConnectionOptions): string[] {
  const sasl = options.sasl;
  if (!sasl) return [];
  if (sasl.mechanism === 'OAUTHBEARER') return [sasl.token];
  // also as SASL PLAIN's message and HTTP Basic carry it (and so their base64 forms are taken out too)
  return [sasl.password, `\u0000${sasl.username}\u0000${sasl.password}`, `${sasl.username}:${sasl.password}`];
}

/** `logger`, with every line passed through {@link redactSecrets} (`secrets` are removed literally too). */
export function redactingLogger(logger: KafkaLogger, secrets: readonly string[] = []): KafkaLogger {
  const clean = (message: string): string => redactSecrets(message, secrets);
  return {
    debug: (message) => logger.debug(clean(message)),
    info: (message) => logger.info(clean(message)),
    warn: (message) => logger.warn(clean(message)),
    error: (message) => logger.error(clean(message)),
  };
}

/**
 * The logger of connection options: theirs, redacting their own secrets and any other; the silent
 * logger itself when they have none (so callers can skip work nobody would read).
 */
export function loggerOf(options: KafkaConnectionOptions): KafkaLogger {
  return options.logger ? redactingLogger(options.logger, secretsOf(options)) : silentKafkaLogger;
}

/**
 * How a client connects, for the log: servers, TLS (and how it verifies), SASL mechanism and user name,
 * timeout. Never a password, token or certificate text.
 */
export function describeConnection(options: KafkaConnectionOptions): string {
  const tls = options.tls?.enabled
    ? [
        'TLS',
        options.tls.caFile
          ? `CA file ${options.tls.caFile}`
          : options.tls.caPem
            ? 'CA certificates given'
            : 'system CAs',
        ...(options.tls.rejectUnauthorized === false ? ['certificate not verified'] : []),
        ...(options.tls.checkHostname === false ? ['host name not checked'] : []),
      ].join(', ')
    : 'plaintext';
  const sasl = options.sasl
    ? `SASL ${options.sasl.mechanism}${options.sasl.mechanism === 'OAUTHBEARER' ? ' (token)' : ` as ${options.sasl.username}`}`
    : 'no SASL';
  const timeout = options.timeoutMs !== undefined ? `, timeout ${options.timeoutMs} ms` : '';
  return `${options.bootstrapServers.join(',')} (${tls}; ${sasl}${timeout})`;
}

/**
 * An error for the log, in one line: a classified error as `[kind] message`, another error as its
 * message and codes. (Lines are redacted by the logger; raw client errors are logged by codes only.)
 */
export function errorSummary(error: unknown): string {
  if (isKafkaOperationError(error)) return `[${error.kind}] ${error.message}`;
  const message = error instanceof Error ? error.message.replace(/\s+/g, ' ').trim() : String(error);
  return `${message} (${errorCodes(error)})`;
}

/** The distinct names and codes in an error's tree, e.g. `NetworkError PLT_KFK_NETWORK ← ECONNREFUSED`. */
export function errorCodes(error: unknown): string {
  const parts: string[] = [];
  for (const facts of flattenErrors(error)) {
    for (const part of [facts.name, facts.code, facts.apiId]) {
      if (part && !parts.includes(part)) parts.push(part);
    }
  }
  return parts.length > 0 ? parts.join(' ← ') : 'unknown error';
}

/** Milliseconds since `startedAt` (from `performance.now()`), rounded. */
export function elapsedMs(startedAt: number): number {
  return Math.round(performance.now() - startedAt);
}
