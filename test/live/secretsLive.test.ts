// The secrets audit against a real Kafka 4.4: one broker with a SASL_PLAINTEXT listener taking PLAIN,
// SCRAM-SHA-512 and OAUTHBEARER (Kafka's default unsecured-JWT validator). The built CLI's describe,
// list, record and reset-offsets run with a --command-config holding a distinctive password, right and
// wrong, and the built client's inspector and offset editor run with a logger that keeps every line. The
// password and token must appear in no stdout, stderr, log line, error message, recording or trace file.

import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Admin, Producer } from '@platformatic/kafka';
import type { KafkaClient } from '../../src/kafka/kafkaClientLoader';
import type { KafkaLogger } from '../../src/kafka/kafkaLogger';
import type { KafkaConnectionOptions } from '../../src/kafka/kafkaModel';
import { runBuiltCli, type CliRun } from '../support/builtCli';
import { expectKafkaError } from '../support/expectKafkaError';
import { startKafka, type KafkaCluster } from './kafkaBroker';
import { collectingLogger } from '../support/collectingLogger';

const root = path.resolve(__dirname, '../..');
const suffix = randomBytes(6).toString('hex');
/** The right password (SCRAM users must stay simple: no quotes, commas or spaces). */
const password = `S3cr3t-Pa55-${suffix}`;
/** A wrong one, just as distinctive. */
const wrongPassword = `Wr0ng-Pa55-${suffix}`;
const user = 'alice';
const groupId = 'secret-group';
const topic = 'secret-orders';
const timeoutMs = 5000;

/** An unsecured JWT (alg none) as Kafka's default OAUTHBEARER validator takes it; `jti` makes it distinctive. */
function unsecuredJwt(claims: Record<string, unknown>): string {
  const part = (value: object): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
  return `${part({ alg: 'none' })}.${part(claims)}.`;
}

const now = Math.floor(Date.now() / 1000);
const token = unsecuredJwt({ sub: user, iat: now, exp: now + 3600, jti: `T0k3n-${suffix}` });
const expiredToken = unsecuredJwt({ sub: user, iat: now - 7200, exp: now - 3600, jti: `Exp1red-${suffix}` });
const secrets = [password, wrongPassword, token, expiredToken, suffix];

/** Fails naming `where` if any secret is in `text`: as it is, JSON-escaped, in base64 or base64url. */
function assertNoSecret(where: string, text: string): void {
  for (const secret of secrets) {
    const bytes = Buffer.from(secret, 'utf8');
    const forms = [secret, JSON.stringify(secret).slice(1, -1), bytes.toString('base64'), bytes.toString('base64url')];
    for (const form of forms) {
      assert.ok(!text.includes(form), `${where} holds a secret (${form.slice(0, 6)}…):\n${text}`);
    }
  }
}

function assertRunWithoutSecret(what: string, run: CliRun): void {
  assertNoSecret(`stdout of ${what}`, run.stdout);
  assertNoSecret(`stderr of ${what}`, run.stderr);
}

describe('live: the SASL password and token appear in no output, log, error or file (real Kafka 4.4)', function () {
  this.timeout(60_000);
  let kafka: KafkaCluster;
  let client: KafkaClient;
  let dir: string;
  let servers: string;

  /** A --command-config file for SASL_PLAINTEXT with this mechanism and password. */
  const commandConfig = (name: string, mechanism: 'PLAIN' | 'SCRAM-SHA-512', secret: string): string => {
    const module =
      mechanism === 'PLAIN'
        ? 'org.apache.kafka.common.security.plain.PlainLoginModule'
        : 'org.apache.kafka.common.security.scram.ScramLoginModule';
    const file = path.join(dir, name);
    fs.writeFileSync(
      file,
      [
        'security.protocol=SASL_PLAINTEXT',
        `sasl.mechanism=${mechanism}`,
        `sasl.jaas.config=${module} required username="${user}" password="${secret}";`,
        '',
      ].join('\n'),
    );
    return file;
  };

  const options = (sasl: KafkaConnectionOptions['sasl'], logger: KafkaLogger): KafkaConnectionOptions => ({
    bootstrapServers: [servers],
    timeoutMs,
    sasl,
    logger,
  });

  before(async function () {
    this.timeout(600_000); // the first run fetches Kafka's jars with Maven
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-offset-trace-secrets-'));
    kafka = await startKafka({
      listeners: { SASL_PLAINTEXT: 'SASL_PLAINTEXT' },
      scramUsers: [{ mechanism: 'SCRAM-SHA-512', username: user, password }],
      overrides: {
        'listener.name.sasl_plaintext.sasl.enabled.mechanisms': 'PLAIN,SCRAM-SHA-512,OAUTHBEARER',
        'listener.name.sasl_plaintext.plain.sasl.jaas.config': `org.apache.kafka.common.security.plain.PlainLoginModule required user_${user}="${password}";`,
        'listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config':
          'org.apache.kafka.common.security.scram.ScramLoginModule required;',
        'listener.name.sasl_plaintext.oauthbearer.sasl.jaas.config':
          'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required unsecuredLoginStringClaim_sub="admin";',
      },
    });
    servers = kafka.listenerBootstrapServers.SASL_PLAINTEXT;
    assert.match(servers, /^127\.0\.0\.1:\d+$/);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built bundle, as the CLI loads it
    client = require(path.join(root, 'dist/kafkaClient.js')) as KafkaClient;

    // setup over PLAINTEXT: a topic with records and an Empty group with committed offsets
    const bootstrapBrokers = [kafka.bootstrapServers];
    const admin = new Admin({ clientId: 'secrets-test-admin', bootstrapBrokers });
    await admin.createTopics({ topics: [topic], partitions: 2, replicas: 1 });
    const producer = new Producer({ clientId: 'secrets-test-producer', bootstrapBrokers, autocreateTopics: false });
    await producer.send({
      messages: [0, 1].flatMap((partition) =>
        Array.from({ length: 3 }, (_, i) => ({ topic, partition, value: Buffer.from(`${partition}-${i}`) })),
      ),
    });
    await producer.close();
    await admin.alterConsumerGroupOffsets({
      groupId,
      topics: [{ name: topic, partitionOffsets: [{ partition: 0, offset: 1n }] }],
    });
    await admin.close();
  });

  after(async function () {
    this.timeout(120_000);
    await kafka?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const mechanism of ['PLAIN', 'SCRAM-SHA-512'] as const) {
    it(`CLI with the right ${mechanism} password: describe, list, record, reset-offsets and the files hold no secret`, async () => {
      const config = commandConfig(`right-${mechanism}.properties`, mechanism, password);
      const common = ['--bootstrap-server', servers, '--command-config', config, '--timeout-ms', String(timeoutMs)];
      const recording = path.join(dir, `${mechanism}.offsets-trace.jsonl`);
      const trace = path.join(dir, `${mechanism}-replayed.offsets-trace.jsonl`);
      const runs: [string, string[]][] = [
        ['describe', ['describe', '--group', groupId, ...common]],
        ['describe --json --request-stats', ['describe', '--group', groupId, '--json', '--request-stats', ...common]],
        ['describe --members --verbose', ['describe', '--group', groupId, '--members', '--verbose', ...common]],
        ['describe --all-groups', ['describe', '--all-groups', ...common]],
        ['list --json', ['list', '--json', ...common]],
        [
          'record',
          ['record', '--group', groupId, '--out', recording, '--interval-ms', '300', '--duration-ms', '900', ...common],
        ],
        ['reset-offsets --dry-run', ['reset-offsets', '--group', groupId, '--all-topics', '--to-earliest', ...common]],
        ['run (the recording)', ['run', recording, '--json', '--out', trace]],
      ];
      for (const [what, argv] of runs) {
        const run = await runBuiltCli(argv);
        assert.equal(run.code, 0, `${what}: ${run.stderr}`);
        assertRunWithoutSecret(`${mechanism} ${what}`, run);
        if (what === 'describe')
          assert.match(run.stdout, new RegExp(`${groupId}\\s+${topic}\\s+0\\s+1\\s+\\d+\\s+\\d+`));
      }
      for (const file of [recording, trace]) {
        const text = fs.readFileSync(file, 'utf8');
        assert.match(text, /"kind":"recording"/);
        assert.match(text, /"kind":"sample"/);
        assertNoSecret(file, text);
      }
    });

    it(`CLI with a wrong ${mechanism} password: one line on stderr without it, exit 1, no recording`, async () => {
      const config = commandConfig(`wrong-${mechanism}.properties`, mechanism, wrongPassword);
      const common = ['--bootstrap-server', servers, '--command-config', config, '--timeout-ms', String(timeoutMs)];
      const recording = path.join(dir, `wrong-${mechanism}.offsets-trace.jsonl`);
      const runs: [string, string[]][] = [
        ['describe', ['describe', '--group', groupId, ...common]],
        ['describe --all-groups', ['describe', '--all-groups', ...common]],
        ['list', ['list', ...common]],
        ['record', ['record', '--group', groupId, '--out', recording, '--duration-ms', '1000', ...common]],
        ['reset-offsets', ['reset-offsets', '--group', groupId, '--all-topics', '--to-earliest', ...common]],
      ];
      for (const [what, argv] of runs) {
        const run = await runBuiltCli(argv);
        console.log(`      ${mechanism}, wrong password, ${what} (exit ${run.code}): ${run.stderr.trimEnd()}`);
        assert.equal(run.code, 1, `${what}: ${run.stderr}`);
        assert.equal(run.stdout, '', what);
        assert.match(run.stderr, new RegExp(`^kafka-offset-trace: authentication failed at ${servers}[^\\n]*\\n$`));
        assertRunWithoutSecret(`${mechanism} wrong ${what}`, run);
      }
      assert.ok(!fs.existsSync(recording), 'no recording is started when the group cannot be asked');
    });
  }

  it('the inspector and offset editor with PLAIN, SCRAM and OAUTHBEARER: every log line is without the secret', async () => {
    const cases: [string, KafkaConnectionOptions['sasl']][] = [
      ['PLAIN', { mechanism: 'PLAIN', username: user, password }],
      ['SCRAM-SHA-512', { mechanism: 'SCRAM-SHA-512', username: user, password }],
      ['OAUTHBEARER', { mechanism: 'OAUTHBEARER', token }],
    ];
    for (const [what, sasl] of cases) {
      const logger = collectingLogger();
      const inspector = client.createKafkaInspector(options(sasl, logger));
      try {
        const groups = await inspector.listGroups();
        assert.deepEqual(
          groups.map((g) => g.groupId),
          [groupId],
        );
        const described = await inspector.describeGroup(groupId);
        assert.equal(described.rows.length, 1);
        await inspector.describeAnyGroup(groupId);
        await inspector.describeGroups(groups);
        await inspector.logStartOffsets([{ topic, partition: 0 }]);
        await inspector.groupCommits(groupId).catch(() => undefined);
      } finally {
        await inspector.close();
      }
      const editor = client.createKafkaOffsetEditor(options(sasl, logger));
      try {
        await editor.partitionOffsets(groupId, [{ topic, partition: 0 }]);
      } finally {
        await editor.close();
      }
      assert.ok(
        logger.lines.some((line) => line.startsWith('debug ')),
        `${what}: requests are logged`,
      );
      assert.ok(
        logger.lines.some((line) => line.includes(`SASL ${what}`)),
        `${what}: the connection is logged`,
      );
      assertNoSecret(`the ${what} log`, logger.lines.join('\n'));
    }
  });

  it('the inspector with a wrong password or an expired token: one-line errors and logs without the secret', async () => {
    const cases: [string, KafkaConnectionOptions['sasl']][] = [
      ['PLAIN', { mechanism: 'PLAIN', username: user, password: wrongPassword }],
      ['SCRAM-SHA-512', { mechanism: 'SCRAM-SHA-512', username: user, password: wrongPassword }],
      ['OAUTHBEARER', { mechanism: 'OAUTHBEARER', token: expiredToken }],
    ];
    for (const [what, sasl] of cases) {
      const logger = collectingLogger();
      const inspector = client.createKafkaInspector(options(sasl, logger));
      const editor = client.createKafkaOffsetEditor(options(sasl, logger));
      try {
        for (const call of [
          () => inspector.listGroups(),
          () => inspector.describeGroup(groupId),
          () => editor.partitionOffsets(groupId, [{ topic, partition: 0 }]),
        ]) {
          const { error } = await expectKafkaError(call());
          console.log(`      ${what}, wrong secret: ${error.message}`);
          assert.equal(error.kind, 'authentication', error.message);
          assert.doesNotMatch(error.message, /\n/);
          assertNoSecret(`the ${what} error`, error.message);
        }
      } finally {
        await inspector.close();
        await editor.close();
      }
      assert.ok(
        logger.lines.some((line) => /authentication/.test(line)),
        logger.lines.join('\n'),
      );
      assertNoSecret(`the ${what} log`, logger.lines.join('\n'));
    }
  });
});
