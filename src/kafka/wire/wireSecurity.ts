// TLS and SASL for the wire path: each connection is opened over TLS when the cluster asks for it and
// then authenticated (SaslHandshake v1, then SaslAuthenticate v2) with PLAIN, SCRAM-SHA-256/512
// (RFC 5802, RFC 7677) or OAUTHBEARER (RFC 7628). A connection that cannot be opened or authenticated
// this way is handed back to the full client (a WireFallback), which then reports what is wrong in the
// words it always has: the wire path only makes the secured clusters that work as fast as the others.

import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ConnectionOptions as TlsConnectionOptions } from 'node:tls';
import { tlsOptions } from '../connectionOptions';
import type { KafkaConnectionOptions, KafkaSaslOptions } from '../kafkaModel';
import { WireConnection, WireFallback } from './wireConnection';

/** How connections to a cluster are secured: TLS options for Node's tls.connect, SASL credentials. */
export interface WireSecurity {
  readonly tls?: TlsConnectionOptions;
  readonly sasl?: KafkaSaslOptions;
}

export const saslApiKeys = { saslHandshake: 17, saslAuthenticate: 36 } as const;

/** The security of `options`, or undefined for plaintext without SASL. A CA file that cannot be read is handed back. */
export function wireSecurity(options: KafkaConnectionOptions): WireSecurity | undefined {
  if (!options.tls?.enabled && !options.sasl) return undefined;
  let tls: TlsConnectionOptions | undefined;
  try {
    tls = tlsOptions(options);
  } catch (error) {
    throw new WireFallback(`TLS options: ${(error as Error).message}`);
  }
  return { ...(tls ? { tls } : {}), ...(options.sasl ? { sasl: options.sasl } : {}) };
}

/**
 * Opens a connection to `host:port` secured as `security` says. Without security, the socket's own
 * errors are the caller's; with it, any failure to connect or authenticate is a WireFallback.
 */
export async function openConnection(
  host: string,
  port: number,
  clientId: string,
  signal: AbortSignal | undefined,
  security: WireSecurity | undefined,
): Promise<WireConnection> {
  if (!security) return WireConnection.open(host, port, clientId, signal);
  let connection: WireConnection | undefined;
  try {
    connection = await WireConnection.open(host, port, clientId, signal, security.tls);
    if (security.sasl) await authenticate(connection, security.sasl);
    return connection;
  } catch (error) {
    connection?.close();
    if (error instanceof WireFallback) throw error;
    throw new WireFallback(
      `${security.sasl ? 'SASL' : 'TLS'} connection to ${host}:${port}: ${(error as Error).message}`,
    );
  }
}

/** Authenticates a fresh connection; rejects when the broker refuses the mechanism or the credentials. */
export async function authenticate(connection: WireConnection, sasl: KafkaSaslOptions): Promise<void> {
  const handshake = await connection.send(
    saslApiKeys.saslHandshake,
    1,
    (writer) => writer.string(sasl.mechanism),
    false,
  );
  const handshakeError = handshake.int16();
  if (handshakeError !== 0)
    throw new Error(`the broker does not take SASL ${sasl.mechanism} (error ${handshakeError})`);
  const exchange = saslExchange(sasl);
  let message = exchange.first();
  for (;;) {
    const answer = await saslAuthenticate(connection, message);
    const next = exchange.next(answer);
    if (next === undefined) return;
    message = next;
  }
}

/** One SaslAuthenticate v2 round: our bytes out, the broker's back; rejects on its error code. */
async function saslAuthenticate(connection: WireConnection, bytes: Buffer): Promise<Buffer> {
  const reader = await connection.send(saslApiKeys.saslAuthenticate, 2, (writer) =>
    writer.compactBytes(bytes).noTags(),
  );
  const errorCode = reader.int16();
  const errorMessage = reader.compactNullableString();
  const answer = Buffer.from(reader.compactBytes());
  if (errorCode !== 0)
    throw new Error(`SASL authentication failed (error ${errorCode}${errorMessage ? `: ${errorMessage}` : ''})`);
  return answer;
}

/** The client's side of a SASL mechanism: its first message, then its answer to each of the broker's (undefined: done). */
interface SaslExchange {
  first(): Buffer;
  next(answer: Buffer): Buffer | undefined;
}

function saslExchange(sasl: KafkaSaslOptions): SaslExchange {
  switch (sasl.mechanism) {
    case 'PLAIN':
      return {
        first: () => Buffer.from(`\u0000${sasl.username}\u0000${sasl.password}`, 'utf8'),
        next: () => undefined,
      };
    case 'OAUTHBEARER':
      return {
        first: () => Buffer.from(`n,,\u0001auth=Bearer ${sasl.token}\u0001\u0001`, 'utf8'),
        next: () => undefined,
      };
    default: {
      const scram = new ScramClient(
        sasl.mechanism === 'SCRAM-SHA-256' ? 'sha256' : 'sha512',
        sasl.username,
        sasl.password,
      );
      let step = 0;
      return {
        first: () => Buffer.from(scram.clientFirst(), 'utf8'),
        next: (answer) => {
          step += 1;
          if (step === 1) return Buffer.from(scram.clientFinal(answer.toString('utf8')), 'utf8');
          scram.checkServerFinal(answer.toString('utf8'));
          return undefined;
        },
      };
    }
  }
}

/** The client side of SCRAM (RFC 5802) without channel binding, as Kafka's SCRAM-SHA-256/512 speak it. */
export class ScramClient {
  private readonly nonce: string;
  private clientFirstBare = '';
  private serverSignature: Buffer | undefined;

  constructor(
    private readonly hash: 'sha256' | 'sha512',
    private readonly username: string,
    private readonly password: string,
    nonce = randomBytes(24).toString('base64'),
  ) {
    this.nonce = nonce;
  }

  clientFirst(): string {
    // '=' and ',' in a user name are written =3D and =2C
    const name = this.username.replace(/=/g, '=3D').replace(/,/g, '=2C');
    this.clientFirstBare = `n=${name},r=${this.nonce}`;
    return `n,,${this.clientFirstBare}`;
  }

  /** The client-final message for the server-first message `serverFirst`; throws when it is not one. */
  clientFinal(serverFirst: string): string {
    const fields = new Map(serverFirst.split(',').map((field) => [field.slice(0, 1), field.slice(2)]));
    const nonce = fields.get('r') ?? '';
    const salt = Buffer.from(fields.get('s') ?? '', 'base64');
    const iterations = Number(fields.get('i'));
    if (!nonce.startsWith(this.nonce) || salt.length === 0 || !Number.isInteger(iterations) || iterations < 1) {
      throw new Error('the broker sent a SCRAM challenge that cannot be answered');
    }
    const keyLength = this.hash === 'sha256' ? 32 : 64;
    const salted = pbkdf2Sync(this.password, salt, iterations, keyLength, this.hash);
    const clientKey = this.hmac(salted, 'Client Key');
    const storedKey = createHash(this.hash).update(clientKey).digest();
    const withoutProof = `c=biws,r=${nonce}`;
    const authMessage = `${this.clientFirstBare},${serverFirst},${withoutProof}`;
    const signature = this.hmac(storedKey, authMessage);
    const proof = Buffer.from(clientKey.map((byte, i) => byte ^ signature[i]));
    this.serverSignature = this.hmac(this.hmac(salted, 'Server Key'), authMessage);
    return `${withoutProof},p=${proof.toString('base64')}`;
  }

  /** Checks the broker's proof that it knows the password too (a broker that does not is refused). */
  checkServerFinal(serverFinal: string): void {
    const verifier = /(?:^|,)v=([^,]*)/.exec(serverFinal)?.[1];
    const expected = this.serverSignature;
    const given = verifier === undefined ? undefined : Buffer.from(verifier, 'base64');
    if (!expected || !given || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new Error('the broker did not prove that it knows the SCRAM password');
    }
  }

  private hmac(key: Buffer, text: string): Buffer {
    return createHmac(this.hash, key).update(text, 'utf8').digest();
  }
}
