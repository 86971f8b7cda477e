// Live SASL against a real Kafka 4.4, one broker with two SASL listeners: SCRAM over TLS on SASL_SSL (server
// certificate signed by a CA that this test makes with openssl), and PLAIN and OAUTHBEARER (Kafka's default
// unsecured-JWT validator) on SASL_PLAINTEXT. Reached through createKafkaInspector and the CLI's
// --command-config; right secret vs. Kafka's tool over PLAINTEXT, wrong password or token, an untrusted CA.

import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Admin, Producer } from '@platformatic/kafka';
import { describeCells, parseDescribeTable } from '../../src/kafka/describeRows';
import type { KafkaClient } from '../../src/kafka/kafkaClientLoader';
import type { GroupDescription, KafkaConnectionOptions } from '../../src/kafka/kafkaModel';
import { runBuiltCli } from '../support/builtCli';
import { startKafka, type KafkaCluster, type ToolResult } from './kafkaBroker';
import { expectKafkaError } from '../support/expectKafkaError';
import { collectingLogger } from '../support/collectingLogger';

const root = path.resolve(__dirname, '../..');
const user = 'alice';
const password = 'alice-Secret-42';
const groupId = 'secure-group';
const topic = 'secure-orders';
/** Records per partition, and the group's committed offsets (partition 2 never committed). */
const produced = [4, 2, 3];
const committed: [number, bigint][] = [
  [0, 1n],
  [1, 2n],
];
const timeoutMs = 5000;
/** The PLAIN user, known to the broker from its JAAS config (user_<name>="<password>"). */
const plainUser = 'bob';
const plainPassword = 'bob-Plain-Secret-7';

function openssl(args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('openssl', args, { cwd, encoding: 'utf8' }, (error, _stdout, stderr) =>
      error ? reject(new Error(`openssl ${args.slice(0, 2).join(' ')} failed: ${stderr}`)) : resolve(),
    );
  });
}

/**
 * An unsecured JWT as Kafka's default OAUTHBEARER validator accepts it: base64url header {"alg":"none"},
 * base64url claims, an empty signature.
 */
function unsecuredJwt(claims: Record<string, unknown>): string {
  const part = (value: object): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
  return `${part({ alg: 'none' })}.${part(claims)}.`;
}

/** A self-signed CA (EC P-256): `<name>.pem` (certificate) and `<name>.key` (unencrypted PKCS#8). */
async function makeCa(dir: string, name: string): Promise<void> {
  await openssl(
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'].concat(
      ['-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '2', '-subj', `/CN=${name} (kafka-offset-trace test)`],
      ['-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'],
    ),
    dir,
  );
}

/**
 * The broker's PEM key store: its unencrypted PKCS#8 key, then its certificate (SAN IP:127.0.0.1, the
 * advertised host) signed by the CA. Kafka 4.4 reads an unencrypted PKCS#8 key when no ssl.key.password is set.
 */
async function makeServerKeyStore(dir: string, ca: string): Promise<string> {
  await openssl(
    ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'].concat([
      '-keyout',
      'server.key',
      '-out',
      'server.csr',
      '-subj',
      '/CN=127.0.0.1',
    ]),
    dir,
  );
  fs.writeFileSync(
    path.join(dir, 'server.ext'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n',
  );
  await openssl(
    ['x509', '-req', '-in', 'server.csr', '-CA', `${ca}.pem`, '-CAkey', `${ca}.key`, '-CAcreateserial'].concat([
      '-out',
      'server.crt',
      '-days',
      '2',
      '-extfile',
      'server.ext',
    ]),
    dir,
  );
  const keyStore = path.join(dir, 'server-keystore.pem');
  const key = fs.readFileSync(path.join(dir, 'server.key'), 'utf8');
  assert.match(key, /^-----BEGIN PRIVATE KEY-----/, 'an unencrypted PKCS#8 key');
  fs.writeFileSync(keyStore, key + fs.readFileSync(path.join(dir, 'server.crt'), 'utf8'));
  return keyStore;
}

describe('live: SASL SCRAM over TLS, PLAIN and OAUTHBEARER (real Kafka 4.4, self-made CA)', function () {
  this.timeout(30_000);
  let kafka: KafkaCluster;
  let client: KafkaClient;
  let certDir: string;
  let saslServers: string;
  let saslPlaintextServers: string;
  /** Kafka's consumer group command over the PLAINTEXT listener: the reference rows. */
  let toolDescribe: ToolResult;
  /** The same command over SASL_PLAINTEXT with PLAIN, from {@link plainCommandConfig}. */
  let toolPlainDescribe: ToolResult;
  let plainCommandConfig: string;

  const options = (
    overrides: { mechanism?: 'SCRAM-SHA-256' | 'SCRAM-SHA-512'; password?: string; caFile?: string } = {},
  ): KafkaConnectionOptions => ({
    bootstrapServers: [saslServers],
    timeoutMs,
    tls: { enabled: true, caFile: overrides.caFile ?? path.join(certDir, 'ca.pem') },
    sasl: {
      mechanism: overrides.mechanism ?? 'SCRAM-SHA-512',
      username: user,
      password: overrides.password ?? password,
    },
  });

  /** Writes a --command-config file (Kafka client properties, one a line) and returns its path. */
  const propertiesFile = (name: string, lines: readonly string[]): string => {
    const file = path.join(certDir, name);
    fs.writeFileSync(file, [...lines, ''].join('\n'));
    return file;
  };

  /** A --command-config file as Kafka's own tools take it. */
  const commandConfig = (name: string, secret: string, ca: string): string =>
    propertiesFile(name, [
      'security.protocol=SASL_SSL',
      'sasl.mechanism=SCRAM-SHA-512',
      `sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${user}" password="${secret}";`,
      'ssl.truststore.type=PEM',
      `ssl.truststore.location=${path.join(certDir, ca)}`,
    ]);

  /** A --command-config file for PLAIN over SASL_PLAINTEXT. */
  const plainConfig = (name: string, secret: string): string =>
    propertiesFile(name, [
      'security.protocol=SASL_PLAINTEXT',
      'sasl.mechanism=PLAIN',
      `sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="${plainUser}" password="${secret}";`,
    ]);

  /** listGroups and describeGroup with these options give the group, with the tool's rows. */
  const assertDescribesAsTool = async (connection: KafkaConnectionOptions, servers: string): Promise<void> => {
    const inspector = client.createKafkaInspector(connection);
    try {
      assert.deepEqual(
        (await inspector.listGroups()).map((g) => [g.groupId, g.type, g.state]),
        [[groupId, 'classic', 'Empty']],
      );
      const described = await inspector.describeGroup(groupId);
      assert.equal(described.state, 'Empty');
      assert.equal(described.coordinator, servers, 'the coordinator is reached on the same listener');
      assert.deepEqual(
        described.rows.map((r) => describeCells(groupId, r)),
        parseDescribeTable(toolDescribe.stdout),
      );
    } finally {
      await inspector.close();
    }
  };

  /**
   * The Clusters tree's many-groups describe of `connection`: made over the wire path (its own TLS and
   * SASL, no full client), with the rows of Kafka's tool.
   */
  const assertManyOverWire = async (connection: KafkaConnectionOptions): Promise<void> => {
    const logger = collectingLogger();
    const inspector = client.createKafkaInspector({ ...connection, logger });
    try {
      const outcome = await inspector.describeGroups(await inspector.listGroups());
      const described = outcome.get(groupId);
      assert.ok(described && !(described instanceof Error), String(described));
      assert.deepEqual(
        (described as GroupDescription).rows.map((r) => describeCells(groupId, r)),
        parseDescribeTable(toolDescribe.stdout),
      );
      assert.ok(
        logger.lines.some((line) => /^info describing 1 groups \(wire\): ok in /.test(line)),
        logger.lines.join('\n'),
      );
    } finally {
      await inspector.close();
    }
  };

  const plainOptions = (secret: string): KafkaConnectionOptions => ({
    bootstrapServers: [saslPlaintextServers],
    timeoutMs,
    sasl: { mechanism: 'PLAIN', username: plainUser, password: secret },
  });
  const oauthOptions = (token: string): KafkaConnectionOptions => ({
    bootstrapServers: [saslPlaintextServers],
    timeoutMs,
    sasl: { mechanism: 'OAUTHBEARER', token },
  });

  before(async function () {
    this.timeout(600_000); // the first run fetches Kafka's jars with Maven
    certDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-offset-trace-tls-'));
    await Promise.all([makeCa(certDir, 'ca'), makeCa(certDir, 'other-ca')]);
    const keyStore = await makeServerKeyStore(certDir, 'ca');
    const scram = 'org.apache.kafka.common.security.scram.ScramLoginModule required;';
    kafka = await startKafka({
      listeners: { SASL_SSL: 'SASL_SSL', SASL_PLAINTEXT: 'SASL_PLAINTEXT' },
      scramUsers: [
        { mechanism: 'SCRAM-SHA-512', username: user, password },
        { mechanism: 'SCRAM-SHA-256', username: user, password },
      ],
      overrides: {
        'listener.name.sasl_ssl.sasl.enabled.mechanisms': 'SCRAM-SHA-512,SCRAM-SHA-256',
        'listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config': scram,
        'listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config': scram,
        'listener.name.sasl_ssl.ssl.keystore.type': 'PEM',
        'listener.name.sasl_ssl.ssl.keystore.location': keyStore,
        // PLAIN users from the JAAS config; OAUTHBEARER with Kafka's default (unsecured JWT) validator
        'listener.name.sasl_plaintext.sasl.enabled.mechanisms': 'PLAIN,OAUTHBEARER',
        'listener.name.sasl_plaintext.plain.sasl.jaas.config': `org.apache.kafka.common.security.plain.PlainLoginModule required user_${plainUser}="${plainPassword}";`,
        'listener.name.sasl_plaintext.oauthbearer.sasl.jaas.config':
          'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required unsecuredLoginStringClaim_sub="admin";',
      },
    });
    saslServers = kafka.listenerBootstrapServers.SASL_SSL;
    saslPlaintextServers = kafka.listenerBootstrapServers.SASL_PLAINTEXT;
    assert.match(saslServers, /^127\.0\.0\.1:\d+$/);
    assert.notEqual(saslServers, kafka.bootstrapServers);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built bundle, as the CLI loads it
    client = require(path.join(root, 'dist/kafkaClient.js')) as KafkaClient;

    // setup over PLAINTEXT: a topic, records, and an Empty group with committed offsets
    const bootstrapBrokers = [kafka.bootstrapServers];
    const admin = new Admin({ clientId: 'sasl-test-admin', bootstrapBrokers });
    await admin.createTopics({ topics: [topic], partitions: produced.length, replicas: 1 });
    const producer = new Producer({
      clientId: 'sasl-test-producer',
      bootstrapBrokers,
      autocreateTopics: false,
      idempotent: true,
    });
    await producer.send({
      messages: produced.flatMap((count, partition) =>
        Array.from({ length: count }, (_, i) => ({ topic, partition, value: Buffer.from(`${partition}-${i}`) })),
      ),
    });
    await producer.close();
    await admin.alterConsumerGroupOffsets({
      groupId,
      topics: [{ name: topic, partitionOffsets: committed.map(([partition, offset]) => ({ partition, offset })) }],
    });
    await admin.close();
    plainCommandConfig = plainConfig('plain.properties', plainPassword);
    [toolDescribe, toolPlainDescribe] = await Promise.all([
      kafka.runTool('consumer-groups', ['--describe', '--group', groupId], { timeoutMs: 30_000 }),
      kafka.runTool(
        'consumer-groups',
        ['--describe', '--group', groupId, '--bootstrap-server', saslPlaintextServers].concat([
          '--command-config',
          plainCommandConfig,
        ]),
        { timeoutMs: 30_000 },
      ),
    ]);
    assert.equal(toolDescribe.code, 0, toolDescribe.stderr);
    assert.equal(toolPlainDescribe.code, 0, toolPlainDescribe.stderr);
  });

  after(async function () {
    this.timeout(120_000);
    await kafka?.stop();
    if (certDir) fs.rmSync(certDir, { recursive: true, force: true });
  });

  it('createKafkaInspector with TLS (CA file) and SCRAM-SHA-512 lists and describes the group as the tool does', async () => {
    const inspector = client.createKafkaInspector(options());
    try {
      const groups = await inspector.listGroups();
      assert.deepEqual(
        groups.map((g) => [g.groupId, g.type, g.state]),
        [[groupId, 'classic', 'Empty']],
      );
      const described = await inspector.describeGroup(groupId);
      assert.equal(described.state, 'Empty');
      assert.equal(described.coordinator, saslServers, 'the coordinator is reached on the SASL_SSL listener');
      const ours = described.rows.map((r) => describeCells(groupId, r));
      const toolRows = parseDescribeTable(toolDescribe.stdout);
      assert.deepEqual(ours, toolRows);
      assert.deepEqual(toolRows, [
        [groupId, topic, '0', '1', '4', '3', '-', '-', '-'],
        [groupId, topic, '1', '2', '2', '0', '-', '-', '-'],
      ]);
    } finally {
      await inspector.close();
    }
    await assertManyOverWire(options());
  });

  it('SCRAM-SHA-256 works for the same user', async () => {
    const inspector = client.createKafkaInspector(options({ mechanism: 'SCRAM-SHA-256' }));
    try {
      assert.deepEqual(
        (await inspector.listGroups()).map((g) => g.groupId),
        [groupId],
      );
    } finally {
      await inspector.close();
    }
    await assertManyOverWire(options({ mechanism: 'SCRAM-SHA-256' }));
  });

  it('a wrong password: kind "authentication", one line naming the servers, within the timeout', async () => {
    const inspector = client.createKafkaInspector(options({ password: 'not-the-password' }));
    try {
      const { error, elapsedMs } = await expectKafkaError(inspector.describeGroup(groupId));
      console.log(`      wrong password (${elapsedMs} ms): ${error.message}`);
      assert.equal(error.kind, 'authentication');
      assert.ok(error.message.startsWith(`authentication failed at ${saslServers}`), error.message);
      assert.doesNotMatch(error.message, /\n/);
      assert.doesNotMatch(error.message, /not-the-password/, 'the password is never echoed');
      assert.ok(elapsedMs < timeoutMs, `${elapsedMs} ms`);
    } finally {
      await inspector.close();
    }
  });

  it('a CA that did not sign the server certificate: kind "tls", one line naming the servers', async () => {
    const inspector = client.createKafkaInspector(options({ caFile: path.join(certDir, 'other-ca.pem') }));
    try {
      const { error, elapsedMs } = await expectKafkaError(inspector.listGroups());
      console.log(`      untrusted CA (${elapsedMs} ms): ${error.message}`);
      assert.equal(error.kind, 'tls');
      assert.ok(error.message.startsWith(`TLS connection to ${saslServers} failed`), error.message);
      assert.doesNotMatch(error.message, /\n/);
      assert.ok(elapsedMs < timeoutMs, `${elapsedMs} ms`);
    } finally {
      await inspector.close();
    }
  });

  it('CLI describe --command-config (SASL_SSL, SCRAM-SHA-512, PEM trust store) prints the tool’s table', async () => {
    const config = commandConfig('client.properties', password, 'ca.pem');
    const args = ['describe', '--bootstrap-server', saslServers, '--group', groupId, '--command-config', config];
    const ours = await runBuiltCli(args);
    assert.equal(ours.code, 0, ours.stderr);
    assert.equal(ours.stdout, toolDescribe.stdout, 'the text is byte for byte the tool’s');
    assert.equal(ours.stderr, `Consumer group '${groupId}' has no active members.\n`);
    // over the wire path: it authenticates each connection itself (SCRAM: two rounds), then ApiVersions
    const counted = await runBuiltCli([...args, '--request-stats']);
    assert.equal(counted.stdout, toolDescribe.stdout);
    assert.match(counted.stderr, /^requests: \d+ \(SaslHandshake (\d+), SaslAuthenticate \d+, ApiVersions 1, /m);
    assert.match(toolDescribe.stderr, new RegExp(`Consumer group '${groupId}' has no active members\\.`));
  });

  it('CLI with a wrong password or an untrusted CA: one line on stderr, exit 1', async () => {
    const [wrongPassword, wrongCa] = await Promise.all([
      runBuiltCli(
        ['describe', '--bootstrap-server', saslServers, '--group', groupId].concat([
          '--command-config',
          commandConfig('wrong-password.properties', 'nope', 'ca.pem'),
        ]),
      ),
      runBuiltCli(
        ['describe', '--bootstrap-server', saslServers, '--group', groupId].concat([
          '--command-config',
          commandConfig('wrong-ca.properties', password, 'other-ca.pem'),
        ]),
      ),
    ]);
    for (const [what, result] of [
      ['wrong password', wrongPassword],
      ['untrusted CA', wrongCa],
    ] as const) {
      console.log(`      CLI, ${what} (exit ${result.code}, ${result.elapsedMs} ms): ${result.stderr.trimEnd()}`);
      assert.equal(result.code, 1, what);
      assert.equal(result.stdout, '', what);
      assert.match(result.stderr, /^kafka-offset-trace: [^\n]+\n$/, what);
      assert.ok(result.elapsedMs < timeoutMs + 3000, `${what}: ${result.elapsedMs} ms`);
    }
    assert.match(wrongPassword.stderr, new RegExp(`^kafka-offset-trace: authentication failed at ${saslServers}`));
    assert.match(wrongCa.stderr, new RegExp(`^kafka-offset-trace: TLS connection to ${saslServers} failed`));
  });

  it('SASL PLAIN on the SASL_PLAINTEXT listener lists and describes the group as the tool does', async () => {
    await assertDescribesAsTool(plainOptions(plainPassword), saslPlaintextServers);
    await assertManyOverWire(plainOptions(plainPassword));
  });

  it('PLAIN with a wrong password: kind "authentication", one line naming the servers, password not echoed', async () => {
    const wrong = 'bob-Wrong-Secret-9';
    const inspector = client.createKafkaInspector(plainOptions(wrong));
    try {
      const { error, elapsedMs } = await expectKafkaError(inspector.describeGroup(groupId));
      console.log(`      PLAIN, wrong password (${elapsedMs} ms): ${error.message}`);
      assert.equal(error.kind, 'authentication');
      assert.ok(error.message.startsWith(`authentication failed at ${saslPlaintextServers}`), error.message);
      assert.doesNotMatch(error.message, /\n/);
      assert.ok(!error.message.includes(wrong), 'the password is never echoed');
      assert.ok(elapsedMs < timeoutMs, `${elapsedMs} ms`);
    } finally {
      await inspector.close();
    }
  });

  it('CLI describe --command-config (SASL_PLAINTEXT, PLAIN) prints the table Kafka’s tool prints with that file', async () => {
    const args = [
      'describe',
      '--bootstrap-server',
      saslPlaintextServers,
      '--group',
      groupId,
      '--command-config',
      plainCommandConfig,
    ];
    const ours = await runBuiltCli(args);
    assert.equal(ours.code, 0, ours.stderr);
    assert.equal(ours.stdout, toolPlainDescribe.stdout, 'byte for byte the tool’s, same properties file');
    assert.equal(ours.stdout, toolDescribe.stdout, 'and the same as over PLAINTEXT');
    assert.equal(ours.stderr, `Consumer group '${groupId}' has no active members.\n`);
    const counted = await runBuiltCli([...args, '--request-stats']);
    assert.equal(counted.stdout, toolPlainDescribe.stdout);
    assert.match(counted.stderr, /^requests: \d+ \(SaslHandshake \d+, SaslAuthenticate \d+, ApiVersions 1, /m);

    const wrong = await runBuiltCli(
      ['describe', '--bootstrap-server', saslPlaintextServers, '--group', groupId].concat([
        '--command-config',
        plainConfig('plain-wrong.properties', 'bob-Wrong-Secret-9'),
      ]),
    );
    console.log(
      `      CLI, PLAIN, wrong password (exit ${wrong.code}, ${wrong.elapsedMs} ms): ${wrong.stderr.trimEnd()}`,
    );
    assert.equal(wrong.code, 1);
    assert.equal(wrong.stdout, '');
    assert.match(
      wrong.stderr,
      new RegExp(`^kafka-offset-trace: authentication failed at ${saslPlaintextServers}[^\n]*\n$`),
    );
    assert.doesNotMatch(wrong.stderr, /bob-Wrong-Secret-9/);
  });

  it('OAUTHBEARER with an unsecured JWT (alg none) describes the group; the broker takes its sub as the principal', async () => {
    const now = Math.floor(Date.now() / 1000);
    await assertDescribesAsTool(
      oauthOptions(unsecuredJwt({ sub: 'alice', iat: now, exp: now + 3600 })),
      saslPlaintextServers,
    );
    await assertManyOverWire(oauthOptions(unsecuredJwt({ sub: 'alice', iat: now, exp: now + 3600 })));
    const log = fs.readFileSync(kafka.nodes[0].log, 'utf8');
    assert.match(log, /Successfully validated token with principal alice\b/);
  });

  it('OAUTHBEARER with an expired, a subject-less or a malformed token: kind "authentication", at once', async () => {
    const now = Math.floor(Date.now() / 1000);
    const tokens: [string, string][] = [
      ['expired', unsecuredJwt({ sub: 'alice', iat: now - 7200, exp: now - 3600 })],
      ['no sub', unsecuredJwt({ iat: now, exp: now + 3600 })],
      ['malformed', 'not-a-jwt'],
    ];
    for (const [what, token] of tokens) {
      const inspector = client.createKafkaInspector(oauthOptions(token));
      try {
        const { error, elapsedMs } = await expectKafkaError(inspector.describeGroup(groupId));
        console.log(`      OAUTHBEARER, ${what} token (${elapsedMs} ms): ${error.message}`);
        assert.equal(error.kind, 'authentication', what);
        assert.ok(error.message.startsWith(`authentication failed at ${saslPlaintextServers}`), error.message);
        assert.doesNotMatch(error.message, /\n/);
        assert.ok(!error.message.includes(token), 'the token is never echoed');
        assert.ok(elapsedMs < timeoutMs, `${what}: ${elapsedMs} ms`);
      } finally {
        await inspector.close();
      }
    }
    // The broker answers a bad token with an error challenge ({"status":"invalid_token"}); the client must
    // stop there, not send its next request in the middle of the SASL exchange.
    const log = fs.readFileSync(kafka.nodes[0].log, 'utf8');
    assert.doesNotMatch(log, /Unexpected Kafka request of type \w+ during SASL authentication/);
  });
});
