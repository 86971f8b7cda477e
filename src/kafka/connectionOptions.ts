// Our connection options turned into the Kafka client library's TLS and SASL options; shared by
// the inspector and the offset editor (both in the lazily loaded client bundle).

import { readFileSync } from 'node:fs';
import type { ConnectionOptions as TlsConnectionOptions } from 'node:tls';
import type { AdminOptions, SASLOptions } from '@platformatic/kafka';
import { KafkaOperationError } from './kafkaErrors';
import { defaultClientId, defaultTimeoutMs, type KafkaConnectionOptions } from './kafkaModel';

/** Node's TLS options for the brokers, or undefined for plaintext. A CA file that cannot be read is a configuration error. */
export function tlsOptions(options: KafkaConnectionOptions): TlsConnectionOptions | undefined {
  const tls = options.tls;
  if (!tls?.enabled) return undefined;
  const ca: string[] = [];
  if (tls.caPem) ca.push(tls.caPem);
  if (tls.caFile) {
    try {
      ca.push(readFileSync(tls.caFile, 'utf8'));
    } catch (error) {
      throw new KafkaOperationError(
        'configuration',
        `cannot read the CA file ${tls.caFile}: ${(error as Error).message}`,
      );
    }
  }
  return {
    ...(ca.length > 0 ? { ca } : {}),
    rejectUnauthorized: tls.rejectUnauthorized ?? true,
    ...(tls.checkHostname === false ? { checkServerIdentity: () => undefined } : {}),
  };
}

/** The client's SASL options, or undefined without SASL. */
export function saslOptions(options: KafkaConnectionOptions): SASLOptions | undefined {
  const sasl = options.sasl;
  if (!sasl) return undefined;
  if (sasl.mechanism === 'OAUTHBEARER') {
    return { mechanism: 'OAUTHBEARER', token: sasl.token, authBytesValidator: checkOAuthBearerChallenge };
  }
  return { mechanism: sasl.mechanism, username: sasl.username, password: sasl.password };
}

/**
 * The Admin client's options: every connect and request bounded by our timeout, one retry, TLS and
 * SASL as configured. Throws a configuration error for an empty bootstrap list or an unreadable CA file.
 */
export function adminOptions(options: KafkaConnectionOptions): AdminOptions {
  if (options.bootstrapServers.length === 0) {
    throw new KafkaOperationError('configuration', 'no bootstrap servers given');
  }
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const tls = tlsOptions(options);
  const sasl = saslOptions(options);
  return {
    clientId: options.clientId ?? defaultClientId,
    bootstrapBrokers: [...options.bootstrapServers],
    connectTimeout: timeoutMs,
    requestTimeout: timeoutMs,
    timeout: timeoutMs,
    retries: 1,
    retryDelay: 200,
    ...(tls ? { tls } : {}),
    ...(sasl ? { sasl } : {}),
  };
}

/**
 * OAUTHBEARER: a broker that rejects the token answers not with an error code but with an error challenge
 * (RFC 7628, e.g. `{"status":"invalid_token"}`) and waits for the client to end the exchange. The client
 * library takes that challenge for success and sends its next request mid-authentication (Kafka then logs
 * "Unexpected Kafka request of type API_VERSIONS during SASL authentication" and answers ILLEGAL_SASL_STATE).
 * Fail the authentication on the challenge instead; an empty answer (or anything else) is success.
 */
export function checkOAuthBearerChallenge(
  authBytes: Buffer,
  callback: (error: Error | null, authBytes?: Buffer) => void,
): void {
  let status: unknown;
  try {
    status = (JSON.parse(authBytes.toString('utf8')) as { status?: unknown } | null)?.status;
  } catch {
    status = undefined; // not a JSON challenge: the token was accepted
  }
  if (typeof status === 'string') callback(new Error(`the broker rejected the OAUTHBEARER token (${status})`));
  else callback(null, authBytes);
}
