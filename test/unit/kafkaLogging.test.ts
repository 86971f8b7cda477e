// The Kafka layer's log: every line goes through redaction, so a password, token or JAAS config fed in
// through the options, a properties file, an error or a SASL request never appears; requests and
// connection attempts are logged from the client's diagnostics channels, only for our own clients.

import * as assert from 'node:assert/strict';
import { channel } from 'node:diagnostics_channel';
import type { Admin } from '@platformatic/kafka';
import { parseJavaProperties, settingsFromProperties } from '../../src/kafka/clientProperties';
import { createOperationRunner } from '../../src/kafka/inspectorOperation';
import { KafkaOperationError } from '../../src/kafka/kafkaErrors';
import {
  describeConnection,
  errorCodes,
  errorSummary,
  loggerOf,
  redactSecrets,
  secretsOf,
  redactingLogger,
  silentKafkaLogger,
  type KafkaLogger,
} from '../../src/kafka/kafkaLogger';
import type { KafkaConnectionOptions } from '../../src/kafka/kafkaModel';
import type { LazyAdmin } from '../../src/kafka/lazyAdmin';
import { startRequestLog } from '../../src/kafka/requestLog';
import { collectingLogger } from '../support/collectingLogger';

const password = 'S3cr3t-Pa55word!';
const token = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl';
const jaas = `org.apache.kafka.common.security.scram.ScramLoginModule required username="alice" password="${password}";`;

function assertNoSecret(lines: readonly string[]): void {
  const text = lines.join('\n');
  for (const secret of [password, token, 'S3cr3t', 'Pa55word', 'eyJzdWIiOiJhbGljZSJ9']) {
    assert.ok(!text.includes(secret), `a secret (${secret.slice(0, 3)}…) is in the log:\n${text}`);
  }
}

const scramOptions = (logger?: KafkaLogger): KafkaConnectionOptions => ({
  bootstrapServers: ['broker-1:9093', 'broker-2:9093'],
  timeoutMs: 4000,
  tls: { enabled: true, caFile: '/etc/kafka/ca.pem' },
  sasl: { mechanism: 'SCRAM-SHA-512', username: 'alice', password },
  ...(logger ? { logger } : {}),
});

describe('Kafka logging', () => {
  it('the SASL PLAIN message and Basic credentials are taken out in base64 too', () => {
    const secrets = secretsOf({
      bootstrapServers: ['k:1'],
      sasl: { mechanism: 'PLAIN', username: 'alice', password: 'pw-0123456789' },
    });
    const plain = Buffer.from('\u0000alice\u0000pw-0123456789').toString('base64');
    const basic = Buffer.from('alice:pw-0123456789').toString('base64');
    assert.equal(redactSecrets(`sent ${plain}; Authorization: ${basic}`, secrets), 'sent ***; Authorization: ***');
  });

  it('a short password is taken out where it stands alone, never from inside words; a long one anywhere', () => {
    assert.equal(
      redactSecrets('cannot reach bootstrap servers k:9092 (login p refused: "p")', ['p']),
      'cannot reach bootstrap servers k:9092 (login *** refused: "***")',
    );
    assert.equal(redactSecrets('xS3cr3t-Pa55y and S3cr3t-Pa55', ['S3cr3t-Pa55']), 'x***y and ***');
    // JSON-escaped and base64 forms too
    assert.equal(redactSecrets('{"p":"a\\"b-quoted-pw"} YVwiYi1xdW90ZWQtcHc=', ['a\\"b-quoted-pw']), '{"p":"***"} ***');
  });

  it('redacts literal secrets, credential pairs, JAAS options, bearer tokens and JWTs', () => {
    assert.equal(redactSecrets(`login with ${password} failed`, [password]), 'login with *** failed');
    assert.equal(redactSecrets('password=hunter2 user=bob'), 'password=*** user=bob');
    assert.equal(redactSecrets('{"sasl.password": "hunter2", "x": 1}'), '{"sasl.password": ***, "x": 1}');
    assert.equal(redactSecrets('oauth token: abc.def'), 'oauth token: ***');
    assert.equal(
      redactSecrets(`sasl.jaas.config=${jaas}`),
      'sasl.jaas.config=*** required ***;',
      'the whole JAAS config goes',
    );
    assert.equal(
      redactSecrets('PlainLoginModule required username="u" password="a;b c";'),
      'PlainLoginModule required ***;',
      'a quoted value with ; and spaces goes whole',
    );
    assert.equal(redactSecrets('Authorization: Bearer abc.DEF-123'), 'Authorization: Bearer ***');
    assert.equal(redactSecrets('Authorization: Basic dXNlcjpwYXNz'), 'Authorization: Basic ***');
    assert.equal(redactSecrets(`got ${token} back`), 'got *** back');
    // Ordinary lines are left alone.
    const plain = 'describing group "orders": ok in 12 ms; no password is stored for "prod"';
    assert.equal(redactSecrets(plain), plain);
  });

  it('describes a connection by servers, TLS and SASL user, never its password or token', () => {
    const scram = describeConnection(scramOptions());
    assert.equal(
      scram,
      'broker-1:9093,broker-2:9093 (TLS, CA file /etc/kafka/ca.pem; SASL SCRAM-SHA-512 as alice, timeout 4000 ms)',
    );
    const oauth = describeConnection({ bootstrapServers: ['b:1'], sasl: { mechanism: 'OAUTHBEARER', token } });
    assert.equal(oauth, 'b:1 (plaintext; SASL OAUTHBEARER (token))');
    assertNoSecret([scram, oauth]);
  });

  it('a --command-config with sasl.jaas.config, fed through every line format, never shows the password', () => {
    const properties = parseJavaProperties(
      [
        'security.protocol=SASL_SSL',
        'sasl.mechanism=SCRAM-SHA-512',
        `sasl.jaas.config=${jaas}`,
        'ssl.truststore.type=PEM',
        'ssl.truststore.certificates=-----BEGIN CERTIFICATE-----MIIB-----END CERTIFICATE-----',
      ].join('\n'),
    );
    const settings = settingsFromProperties(properties, () => '');
    const recording = collectingLogger();
    const options: KafkaConnectionOptions = { bootstrapServers: ['broker:9093'], ...settings, logger: recording };
    const logger = loggerOf(options);
    logger.info(`inspector for ${describeConnection(options)}`);
    // Careless callers: the raw properties, the options as JSON, an error that quotes the secret.
    logger.debug(`properties: ${[...properties].map(([k, v]) => `${k}=${v}`).join(' ')}`);
    logger.debug(`options: ${JSON.stringify({ ...options, logger: undefined })}`);
    logger.warn(errorSummary(new Error(`SASL authentication failed for alice with password ${password}`)));
    logger.error(
      errorSummary(new KafkaOperationError('authentication', `authentication failed: bad password "${password}"`)),
    );
    assert.equal(recording.lines.length, 5);
    assert.match(
      recording.lines[0],
      /^info inspector for broker:9093 \(TLS, CA certificates given; SASL SCRAM-SHA-512 as alice\)$/,
    );
    assertNoSecret(recording.lines);
  });

  it('the glue’s redacting wrapper cleans lines even without knowing the secret', () => {
    const recording = collectingLogger();
    const logger = redactingLogger(recording);
    logger.info(`sasl.jaas.config=${jaas}`);
    logger.info(`{"password":"${password}","token":"${token}"}`);
    assertNoSecret(recording.lines);
  });

  it('an operation logs its duration and its error’s classification, and a failing one never its secrets', async () => {
    const recording = collectingLogger();
    const options = scramOptions(recording);
    const logger = loggerOf(options);
    let dropped = 0;
    const admin: LazyAdmin = {
      get: () => ({}) as Admin,
      drop: () => dropped++,
      close: () => Promise.resolve(),
    };
    const run = createOperationRunner(options, 1000, admin, logger);
    assert.equal(await run('listing consumer groups', undefined, () => Promise.resolve(3)), 3);
    const refused = Object.assign(new Error(`connect ECONNREFUSED (user alice, password ${password})`), {
      code: 'ECONNREFUSED',
    });
    await assert.rejects(
      run('describing group "orders"', 'orders', () => Promise.reject(refused)),
      (error: unknown) => error instanceof KafkaOperationError && error.kind === 'unreachable',
    );
    assert.equal(dropped, 1, 'an unreachable cluster drops the client');
    assert.match(recording.lines[0], /^info listing consumer groups: ok in \d+ ms$/);
    assert.match(
      recording.lines[1],
      /^warn describing group "orders": failed after \d+ ms: \[unreachable\] cannot reach bootstrap servers broker-1:9093,broker-2:9093 \(connection refused\) \(from Error ← ECONNREFUSED\); reconnecting on the next call$/,
    );
    assertNoSecret(recording.lines);
  });

  it('without a logger nothing is formatted: the silent logger', () => {
    assert.equal(
      loggerOf({ bootstrapServers: ['a:1'], sasl: { mechanism: 'PLAIN', username: 'u', password } }),
      silentKafkaLogger,
    );
  });

  it('errors are summarised by kind and message, raw client errors by their codes only', () => {
    const nested = Object.assign(new Error(`Connection failed (${password})`), {
      name: 'NetworkError',
      code: 'PLT_KFK_NETWORK',
      cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9092'), { code: 'ECONNREFUSED' }),
    });
    assert.equal(errorCodes(nested), 'NetworkError ← PLT_KFK_NETWORK ← Error ← ECONNREFUSED');
    assert.equal(
      errorSummary(new KafkaOperationError('timeout', 'timed out after 5 ms')),
      '[timeout] timed out after 5 ms',
    );
  });

  it('logs our clients’ requests and connection attempts from the diagnostics channels, others not, no payloads', () => {
    const recording = collectingLogger();
    const log = startRequestLog(recording, (owner) => owner === 7);
    const api = (event: string): ReturnType<typeof channel> => channel(`tracing:plt:kafka:connections:api:${event}`);
    const connects = (event: string): ReturnType<typeof channel> =>
      channel(`tracing:plt:kafka:connections:connects:${event}`);
    const connection = { ownerId: 7, host: 'broker-1', port: 9093 };
    try {
      const metadata = { connection, apiKey: 3, apiVersion: 12, result: { brokers: [] } };
      api('start').publish(metadata);
      api('asyncEnd').publish(metadata);
      // A SASL exchange that fails: its bytes and the broker's message carry the secret; neither is logged.
      const sasl = {
        connection,
        apiKey: 36,
        apiVersion: 2,
        payload: Buffer.from(`\u0000alice\u0000${password}`),
        error: Object.assign(new Error(`bad password ${password}`), {
          name: 'ResponseError',
          code: 'PLT_KFK_RESPONSE',
          errors: [{ name: 'ProtocolError', message: password, apiId: 'SASL_AUTHENTICATION_FAILED' }],
        }),
      };
      api('start').publish(sasl);
      api('asyncEnd').publish(sasl);
      const other = { connection: { ownerId: 8, host: 'x', port: 1 }, apiKey: 3, apiVersion: 12 };
      api('start').publish(other);
      api('asyncEnd').publish(other);
      const attempt = { connection, operation: 'connect', host: 'broker-2', port: 9093 };
      connects('start').publish(attempt);
      connects('asyncEnd').publish(attempt);
      const refused = {
        connection,
        operation: 'connect',
        host: 'broker-3',
        port: 9093,
        error: Object.assign(new Error('Connection to broker-3:9093 failed.'), {
          name: 'NetworkError',
          code: 'PLT_KFK_NETWORK',
          cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
        }),
      };
      connects('start').publish(refused);
      connects('asyncEnd').publish(refused);
    } finally {
      log.dispose();
    }
    const after = { connection, apiKey: 3, apiVersion: 12 };
    api('start').publish(after);
    api('asyncEnd').publish(after);
    const lines = recording.lines.map((line) => line.replace(/\d+ ms/, 'N ms'));
    assert.deepEqual(lines, [
      'debug Metadata v12 → broker-1:9093: ok in N ms',
      'debug SaslAuthenticate v2 → broker-1:9093: failed (ResponseError ← PLT_KFK_RESPONSE ← ProtocolError ← SASL_AUTHENTICATION_FAILED) in N ms',
      'info connected to broker-2:9093 in N ms',
      'warn cannot connect to broker-3:9093 (NetworkError ← PLT_KFK_NETWORK ← Error ← ECONNREFUSED) after N ms',
    ]);
    assertNoSecret(recording.lines);
  });
});
