// The secrets audit, without a broker: a distinctive SASL password and OAUTHBEARER token are driven through
// every place a secret passes (the cluster setting and its SecretStorage key, connection options, log
// lines, error classification, the CLI's --command-config, recordings and trace files, and a real client
// against a local fake broker that speaks just enough SASL to refuse it). They must reach the broker and
// nothing else: not as they are, not JSON-escaped, not in base64.
//

import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import type { Socket } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli, type CliOutput } from '../../src/cli/cliCommands';
import { parseJavaProperties, readClientProperties, settingsFromProperties } from '../../src/kafka/clientProperties';
import { checkOAuthBearerChallenge, saslOptions } from '../../src/kafka/connectionOptions';
import type { KafkaClient } from '../../src/kafka/kafkaClientLoader';
import * as kafkaClientModule from '../../src/kafka/kafkaClient';
import { classifyKafkaError, isKafkaOperationError, type ErrorContext } from '../../src/kafka/kafkaErrors';
import {
  describeConnection,
  errorSummary,
  loggerOf,
  redactSecrets,
  secretsOf,
  withoutSecrets,
  type KafkaLogger,
} from '../../src/kafka/kafkaLogger';
import type {
  AnyGroupDescription,
  GroupDescription,
  GroupListing,
  KafkaConnectionOptions,
  SaslMechanism,
} from '../../src/kafka/kafkaModel';
import {
  connectionOptions,
  readClusterSettings,
  secretKey,
  type ClusterSetting,
} from '../../src/liveGroups/clusterSettings';
import { errorText } from '../../src/liveGroups/errorText';
import { startRecording } from '../../src/recording/groupRecorder';
import { groupSampler } from '../../src/recording/groupSampler';
import { listen } from '../support/localServer';
import { WireBytes } from '../support/wireBytes';
import { collectingLogger } from '../support/collectingLogger';

const suffix = randomBytes(6).toString('hex');
/** The distinctive part of the password: found in any text that holds it, however escaped. */
const passwordCore = `S3cr3t-Pa55-${suffix}`;
/** The password: distinctive, and with a quote and a backslash so that its JSON-escaped form differs. */
const password = `${passwordCore}-q"b\\s`;
/** An opaque OAUTHBEARER token (not JWT-shaped, so only literal redaction can catch it). */
const token = `0p4que-T0k3n-${suffix}`;
const username = 'alice';
const secrets = [password, token];

/**
 * Every form in which a secret could be written: as it is, JSON-escaped (without quotes), base64, base64url,
 * and the password's distinctive part (which any other escaping leaves as it is).
 */
function secretForms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  return [
    secret,
    JSON.stringify(secret).slice(1, -1),
    bytes.toString('base64'),
    bytes.toString('base64url'),
    ...(secret === password ? [passwordCore] : []),
  ];
}

/** Fails naming `where` if any form of the password or token is in `text`. */
function assertNoSecret(where: string, text: string): void {
  for (const secret of secrets) {
    for (const form of secretForms(secret)) {
      assert.ok(!text.includes(form), `${where} holds a secret (${form.slice(0, 6)}…):\n${text}`);
    }
  }
}

/** A JAAS value in quotes, as Kafka reads it (backslash escapes). */
function jaasQuoted(value: string): string {
  return `"${value.replace(/[\\"]/g, '\\$&')}"`;
}

/** A properties-file value: Java's properties format reads a backslash as an escape too. */
function propertiesValue(value: string): string {
  return value.replace(/\\/g, '\\\\');
}

/** A --command-config file's text for SASL_PLAINTEXT with this mechanism, user and password. */
function commandConfig(mechanism: 'PLAIN' | 'SCRAM-SHA-512', secret: string): string {
  const module =
    mechanism === 'PLAIN'
      ? 'org.apache.kafka.common.security.plain.PlainLoginModule'
      : 'org.apache.kafka.common.security.scram.ScramLoginModule';
  return [
    'security.protocol=SASL_PLAINTEXT',
    `sasl.mechanism=${mechanism}`,
    `sasl.jaas.config=${propertiesValue(`${module} required username="${username}" password=${jaasQuoted(secret)};`)}`,
    '',
  ].join('\n');
}

/** Runs the CLI in this process with these files to read; `client` is the Kafka client it loads. */
async function cli(
  argv: string[],
  files: Record<string, string>,
  client: KafkaClient = kafkaClientModule,
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const output: CliOutput = { out: (text) => (out += text), err: (text) => (err += text) };
  // `record` waits for SIGINT/SIGTERM besides its duration; take back the listeners it leaves.
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = new Map(signals.map((s) => [s, process.listeners(s)]));
  try {
    const code = await runCli(argv, output, '0.0.0-test', {
      loadKafkaClient: () => client,
      readTextFile: (file) => {
        if (file in files) return files[file];
        return fs.readFileSync(file, 'utf8');
      },
    });
    return { code, out, err };
  } finally {
    for (const signal of signals) {
      for (const listener of process.listeners(signal)) {
        if (!before.get(signal)?.includes(listener)) process.off(signal, listener);
      }
    }
  }
}

// --- a fake broker: ApiVersions, SaslHandshake and SaslAuthenticate, nothing after them ---

/** How the fake broker answers one SaslAuthenticate. */
type SaslAnswer = (
  mechanism: string,
  authBytes: Buffer,
) => { errorCode: number; errorMessage: string | null; authBytes?: Buffer };

interface FakeBroker {
  readonly servers: string;
  /** Every byte every client sent. */
  received(): Buffer;
  close(): Promise<void>;
}

/** A local TCP server that answers the SASL steps of a Kafka connection as `answer` says. */
async function fakeSaslBroker(answer: SaslAnswer): Promise<FakeBroker> {
  const received: Buffer[] = [];
  const { server, port } = await listen((socket: Socket) => {
    let pending = Buffer.alloc(0);
    let mechanism = '';
    socket.on('data', (chunk: Buffer) => {
      received.push(chunk);
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4 && pending.length >= 4 + pending.readInt32BE(0)) {
        const frame = pending.subarray(4, 4 + pending.readInt32BE(0));
        pending = pending.subarray(4 + frame.length);
        const reply = respond(frame);
        if (reply === undefined) {
          socket.destroy();
          return;
        }
        socket.write(new WireBytes().int32(reply.length).raw(reply).build());
      }
    });
    const respond = (frame: Buffer): Buffer | undefined => {
      const apiKey = frame.readInt16BE(0);
      const apiVersion = frame.readInt16BE(2);
      const correlationId = frame.readInt32BE(4);
      const clientIdLength = frame.readInt16BE(8);
      let offset = 10 + Math.max(0, clientIdLength);
      const out = new WireBytes().int32(correlationId);
      if (apiKey === 18) {
        const apis: [number, number, number][] = [
          [18, 0, 3],
          [17, 0, 1],
          [36, 0, 2],
        ];
        if (apiVersion >= 3) {
          out.int16(0).arrayOf(apis.length);
          for (const [key, min, max] of apis) out.int16(key).int16(min).int16(max).tags();
          return out.int32(0).tags().build();
        }
        out.int16(0).int32(apis.length);
        for (const [key, min, max] of apis) out.int16(key).int16(min).int16(max);
        return out.int32(0).build();
      }
      if (apiKey === 17) {
        const length = frame.readInt16BE(offset);
        mechanism = frame.subarray(offset + 2, offset + 2 + length).toString('utf8');
        const mechanisms = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512', 'OAUTHBEARER'];
        out.int16(0).int32(mechanisms.length);
        for (const m of mechanisms) out.classicString(m);
        return out.build();
      }
      if (apiKey === 36 && apiVersion === 2) {
        const [tagCount, tagLength] = readUvarint(frame, offset);
        assert.equal(tagCount, 0, 'no tagged fields in the request header');
        offset += tagLength;
        const [size, sizeLength] = readUvarint(frame, offset);
        const authBytes = frame.subarray(offset + sizeLength, offset + sizeLength + size - 1);
        const reply = answer(mechanism, authBytes);
        const bytes = reply.authBytes ?? Buffer.alloc(0);
        return out
          .tags()
          .int16(reply.errorCode)
          .string(reply.errorMessage)
          .uvarint(bytes.length + 1)
          .raw(bytes)
          .int64(0n)
          .tags()
          .build();
      }
      return undefined;
    };
  });
  return {
    servers: `127.0.0.1:${port}`,
    received: () => Buffer.concat(received),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function readUvarint(bytes: Buffer, offset: number): [value: number, length: number] {
  let value = 0;
  let shift = 0;
  let length = 0;
  for (;;) {
    const byte = bytes[offset + length++];
    value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return [value, length];
    shift += 7;
  }
}

/** As Kafka refuses: PLAIN and SCRAM with SASL_AUTHENTICATION_FAILED, OAUTHBEARER with an error challenge. */
const kafkaRefusal: SaslAnswer = (mechanism) =>
  mechanism === 'OAUTHBEARER'
    ? { errorCode: 0, errorMessage: null, authBytes: Buffer.from('{"status":"invalid_token"}') }
    : {
        errorCode: 58,
        errorMessage:
          mechanism === 'PLAIN'
            ? 'Authentication failed: Invalid username or password'
            : `Authentication failed during authentication due to invalid credentials with SASL mechanism ${mechanism}`,
      };

/** A careless broker (or proxy) that quotes what the client sent in its error message. */
const echoingRefusal: SaslAnswer = (_mechanism, authBytes) => ({
  errorCode: 58,
  errorMessage: `Authentication failed for ${authBytes.toString('utf8').replace(/[\u0000\u0001]/g, ' ')}`,
});

// --- a fake client for the paths that need answers (describe, list, record) ---

const groupId = 'orders-app';
const description: GroupDescription = {
  groupId,
  state: 'Stable',
  protocol: 'classic',
  coordinator: '127.0.0.1:9092',
  members: [
    {
      memberId: 'consumer-1-abc',
      groupInstanceId: null,
      clientId: 'consumer-1',
      host: '/127.0.0.1',
      assignedPartitions: [{ topic: 'orders', partition: 0 }],
      targetPartitions: null,
      memberEpoch: null,
    },
  ],
  rows: [
    {
      topic: 'orders',
      partition: 0,
      currentOffset: 3,
      logEndOffset: 5,
      lag: 2,
      consumerId: 'consumer-1-abc',
      host: '/127.0.0.1',
      clientId: 'consumer-1',
    },
  ],
};

/**
 * A Kafka client whose inspectors answer with {@link description}; `failAfter` describes make the next
 * ones reject with `failure`. The options each inspector was made with are kept.
 */
function answeringClient(failure?: { after: number; error: () => unknown }): {
  client: KafkaClient;
  options: KafkaConnectionOptions[];
} {
  const options: KafkaConnectionOptions[] = [];
  let describes = 0;
  const client = {
    createKafkaInspector(connection: KafkaConnectionOptions) {
      options.push(connection);
      return {
        listGroups: () =>
          Promise.resolve<GroupListing[]>([{ groupId, state: 'Stable', type: 'classic', protocolType: 'consumer' }]),
        describeGroup: () => {
          if (failure && describes++ >= failure.after) return Promise.reject(failure.error());
          return Promise.resolve(description);
        },
        describeAnyGroup: () => Promise.resolve<AnyGroupDescription>({ ...description, type: 'classic' }),
        logStartOffsets: () => Promise.resolve(new Map([['orders-0', 0]])),
        close: () => Promise.resolve(),
      };
    },
  } as unknown as KafkaClient;
  return { client, options };
}

/** The error the inspector throws when the broker refused: the library's error tree, classified. */
function refusedError(serverMessage: string, servers: string): unknown {
  const protocol = Object.assign(new Error('SASL authentication failed.'), {
    code: 'PLT_KFK_PROTOCOL',
    apiId: 'SASL_AUTHENTICATION_FAILED',
    serverErrorMessage: serverMessage,
  });
  const response = Object.assign(
    new AggregateError([protocol], 'Received response with error while executing API SaslAuthenticate(v2)'),
    { code: 'PLT_KFK_RESPONSE' },
  );
  const library = Object.assign(new Error('SASL authentication failed.'), {
    code: 'PLT_KFK_AUTHENTICATION',
    cause: response,
  });
  return classifyKafkaError(library, errorContext(servers));
}

function errorContext(servers: string): ErrorContext {
  return { bootstrapServers: [servers], step: `describing group "${groupId}"`, timeoutMs: 2000, connected: false };
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'kot-secrets-'));
}

describe('secrets audit: the SASL password and token are in SecretStorage and nowhere else', () => {
  it('the password has a JSON-escaped form of its own, so that form is checked too', () => {
    assert.notEqual(secretForms(password)[1], password);
    assert.throws(() => assertNoSecret('a test line', `x ${JSON.stringify({ password })}`), /holds a secret/);
    assert.throws(() => assertNoSecret('a test line', Buffer.from(token).toString('base64')), /holds a secret/);
  });

  describe('cluster settings and SecretStorage', () => {
    /** SecretStorage, as the extension uses it: a key to a string. */
    const secretStorage = (): Map<string, string> => new Map();

    /**
     * What "Add Cluster…" writes: the setting as askForCluster builds it (src/vscode/live/clusterCommands.ts)
     * and saveCluster stores it (src/vscode/live/clusterConnections.ts): the secret under secretKey in
     * SecretStorage, the user setting `offsetTrace.clusters` as the valid entries plus this one.
     */
    const addCluster = (
      userSetting: unknown,
      storage: Map<string, string>,
      cluster: ClusterSetting,
      secret: string,
    ): unknown => {
      const current = readClusterSettings(userSetting).clusters;
      storage.set(secretKey(cluster), secret);
      return [...current.filter((c) => c.name !== cluster.name), cluster];
    };

    const clusters: [ClusterSetting, string][] = [
      [{ name: 'prod', bootstrapServers: 'k1:9093,k2:9093', sasl: { mechanism: 'SCRAM-SHA-512', username } }, password],
      [{ name: 'plain', bootstrapServers: 'k:9092', sasl: { mechanism: 'PLAIN', username } }, password],
      [
        { name: 'oauth', bootstrapServers: 'k:9094', tls: { enabled: true }, sasl: { mechanism: 'OAUTHBEARER' } },
        token,
      ],
    ];

    it('Add Cluster writes settings without the secret, which goes to SecretStorage under a key without it', () => {
      const storage = secretStorage();
      let setting: unknown = undefined;
      for (const [cluster, secret] of clusters) setting = addCluster(setting, storage, cluster, secret);
      // The settings file holds the JSON of the setting.
      assertNoSecret('the offsetTrace.clusters setting', JSON.stringify(setting, null, 2));
      const read = readClusterSettings(setting);
      assert.deepEqual(read.problems, []);
      assert.deepEqual(
        read.clusters.map((c) => c.name),
        ['prod', 'plain', 'oauth'],
      );
      for (const key of storage.keys()) assertNoSecret('a SecretStorage key', key);
      assert.deepEqual([...storage.values()], [password, password, token], 'the secrets are in SecretStorage');
      // At connect time the secret comes from SecretStorage into the connection options, and only there.
      for (const cluster of read.clusters) {
        const options = connectionOptions(cluster, storage.get(secretKey(cluster)), 5000);
        const expected = cluster.sasl?.mechanism === 'OAUTHBEARER' ? token : password;
        const sasl = options.sasl;
        assert.ok(sasl);
        assert.equal(sasl.mechanism === 'OAUTHBEARER' ? sasl.token : sasl.password, expected);
        assertNoSecret('the connection as logged', describeConnection(options));
        assertNoSecret('the connection options without sasl', JSON.stringify({ ...options, sasl: undefined }));
      }
    });

    it('a password or token typed into settings by hand is dropped: never read, never written back', () => {
      const handEdited = [
        { name: 'prod', bootstrapServers: 'k:9093', password, sasl: { mechanism: 'PLAIN', username, password } },
        { name: 'oauth', bootstrapServers: 'k:9094', token, sasl: { mechanism: 'OAUTHBEARER', token } },
      ];
      const { clusters: read, problems } = readClusterSettings(handEdited);
      assert.deepEqual(problems, []);
      assertNoSecret('the clusters read from settings', JSON.stringify(read));
      // Adding another cluster rewrites the setting from what was read: the hand-typed secrets go.
      const storage = secretStorage();
      const rewritten = addCluster(handEdited, storage, clusters[1][0], password);
      assertNoSecret('the rewritten setting', JSON.stringify(rewritten));
      // Without a stored secret there is a clear error, not the one from settings, and it does not quote it.
      for (const cluster of read) {
        assert.throws(
          () => connectionOptions(cluster, undefined, 5000),
          (error: unknown) => {
            assert.match((error as Error).message, /no (password|token) is stored/);
            assertNoSecret('the missing-secret error', (error as Error).message);
            return true;
          },
        );
      }
    });

    it('invalid entries holding secrets are reported without quoting them', () => {
      const { clusters: read, problems } = readClusterSettings([
        { name: 'a', bootstrapServers: 'k:1', sasl: { mechanism: password, username, password } },
        { name: 'b', bootstrapServers: 'k:1', sasl: { mechanism: 'PLAIN', password } },
        { name: 'c', bootstrapServers: 'k:1', tls: { enabled: token }, sasl: { mechanism: 'OAUTHBEARER', token } },
        { name: 'd', bootstrapServers: 'k:1', sasl: password },
      ]);
      assert.equal(read.length, 0);
      assert.equal(problems.length, 4);
      assertNoSecret('the settings problems', problems.join('\n'));
    });
  });

  describe('connection options and log lines', () => {
    const options = (sasl: KafkaConnectionOptions['sasl'], logger?: KafkaLogger): KafkaConnectionOptions => ({
      bootstrapServers: ['broker-1:9093'],
      timeoutMs: 4000,
      tls: { enabled: true, caFile: '/etc/kafka/ca.pem' },
      sasl,
      ...(logger ? { logger } : {}),
    });
    const mechanisms: [SaslMechanism, KafkaConnectionOptions['sasl']][] = [
      ['PLAIN', { mechanism: 'PLAIN', username, password }],
      ['SCRAM-SHA-256', { mechanism: 'SCRAM-SHA-256', username, password }],
      ['SCRAM-SHA-512', { mechanism: 'SCRAM-SHA-512', username, password }],
      ['OAUTHBEARER', { mechanism: 'OAUTHBEARER', token }],
    ];

    it('the client library gets the secret; describeConnection names the mechanism and user only', () => {
      for (const [mechanism, sasl] of mechanisms) {
        const library = saslOptions(options(sasl));
        assert.ok(library);
        assert.equal(
          mechanism === 'OAUTHBEARER' ? library.token : library.password,
          mechanism === 'OAUTHBEARER' ? token : password,
        );
        const line = describeConnection(options(sasl));
        assert.match(line, new RegExp(`SASL ${mechanism}`));
        assertNoSecret(`describeConnection (${mechanism})`, line);
      }
    });

    it('the options’ logger removes the secret however a careless line carries it', () => {
      for (const [mechanism, sasl] of mechanisms) {
        const collected = collectingLogger();
        const logger = loggerOf(options(sasl, collected));
        const secret = mechanism === 'OAUTHBEARER' ? token : password;
        logger.info(`connecting with ${secret}`);
        logger.debug(`sasl.jaas.config=${username}:${secret}`);
        logger.warn(errorSummary(new Error(`SASL authentication failed for ${username}:${secret}`)));
        logger.error(errorSummary(refusedError(`bad credentials ${secret}`, 'broker-1:9093')));
        assert.equal(collected.lines.length, 4);
        for (const line of collected.lines) assert.ok(line.includes('***'), `redacted: ${line}`);
        // The raw secret goes by the literal rule (the JSON-escaped one does not: see the known gap below).
        assertNoSecret(`the log (${mechanism})`, collected.lines.join('\n'));
      }
    });

    it('redactSecrets also removes a secret JSON-escaped or in base64 (known gap)', () => {
      const sasl = { mechanism: 'PLAIN', username, password };
      const lines = [
        redactSecrets(`error: ${JSON.stringify({ reason: `bad ${password}` })}`, [password]),
        redactSecrets(`auth bytes ${Buffer.from(password).toString('base64')}`, [password]),
        redactSecrets(`sasl ${JSON.stringify(sasl)}`, [password]),
      ];
      assertNoSecret('redacted lines', lines.join('\n'));
      // The credential-pair rule stops at the password's escaped quote and leaves its tail.
      assert.ok(!lines[2].includes(JSON.stringify(password.slice(password.indexOf('"') + 1)).slice(1, -1)), lines[2]);
    });
  });

  describe('error messages', () => {
    it('authentication failures as Kafka reports them: classified, one line, without the secret', () => {
      for (const mechanism of ['PLAIN', 'SCRAM-SHA-512']) {
        const error = refusedError(kafkaRefusal(mechanism, Buffer.alloc(0)).errorMessage ?? '', 'k:9093');
        assert.ok(isKafkaOperationError(error));
        assert.equal(error.kind, 'authentication');
        assertNoSecret(`the ${mechanism} failure`, `${error.message}\n${errorSummary(error)}\n${errorText(error)}`);
      }
      // OAUTHBEARER: our check of the broker's error challenge names its status only.
      let challengeError: Error | null = null;
      checkOAuthBearerChallenge(Buffer.from('{"status":"invalid_token"}'), (error) => (challengeError = error));
      assert.ok(challengeError);
      assertNoSecret('the OAUTHBEARER challenge error', (challengeError as Error).message);
    });

    it('an error that quotes the secret leaves a Kafka operation without it (classified, then the secrets taken out)', () => {
      const error = withoutSecrets(
        classifyKafkaError(
          refusedError(`Authentication failed for ${username} ${password}`, 'k:9093'),
          errorContext('k:9093'),
        ),
        secretsOf({ bootstrapServers: ['k:9093'], sasl: { mechanism: 'PLAIN', username, password } }),
      );
      assert.ok(isKafkaOperationError(error));
      assert.equal(error.kind, 'authentication');
      assert.match(error.message, /^authentication failed at k:9093: Authentication failed for alice /);
      assertNoSecret('the classified error', error.message);
    });
  });

  describe('--command-config', () => {
    const flags = ['describe', '--bootstrap-server', '127.0.0.1:1', '--group', groupId, '--command-config'];

    it('reads the password from the file into the connection options, exactly', () => {
      for (const mechanism of ['PLAIN', 'SCRAM-SHA-512'] as const) {
        const settings = settingsFromProperties(parseJavaProperties(commandConfig(mechanism, password)), () => '');
        assert.deepEqual(settings.sasl, { mechanism, username, password });
      }
    });

    const refused: [string, string][] = [
      ['a JAAS config without "required"', commandConfig('PLAIN', password).replace(' required', '')],
      [
        'the wrong login module',
        commandConfig('PLAIN', password).replace('sasl.mechanism=PLAIN', 'sasl.mechanism=SCRAM-SHA-256'),
      ],
      ['no user name', commandConfig('PLAIN', password).replace(`username="${username}" `, '')],
      [
        'OAUTHBEARER (a token in a properties file)',
        [
          'security.protocol=SASL_PLAINTEXT',
          'sasl.mechanism=OAUTHBEARER',
          `sasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required token="${token}";`,
        ].join('\n'),
      ],
      ['a control character on the password’s line', `${commandConfig('PLAIN', password)}x=${token}\u0007`],
      ['text that is not UTF-8 on the password’s line', `sasl.jaas.config=${token}\uFFFD`],
      [
        'a malformed \\u escape on the password’s line',
        commandConfig('PLAIN', password).replace('username=', 'x=\\u12 username='),
      ],
      [
        'an unsupported key next to the password',
        `${commandConfig('PLAIN', password)}sasl.login.callback.handler.class=${token}`,
      ],
    ];
    for (const [what, text] of refused) {
      it(`refuses ${what} with one line that does not quote the secret`, async () => {
        const result = readClientProperties(text, () => '');
        assert.equal(result.ok, false, what);
        const { code, out, err } = await cli([...flags, 'client.properties'], { 'client.properties': text });
        assert.equal(code, 2, err);
        assert.equal(out, '');
        assert.match(err, /^kafka-offset-trace: --command-config: [^\n]+\n$/);
        assertNoSecret(`the error for ${what}`, err);
      });
    }

    // A JAAS config wrapped onto a second line without a backslash: parseJavaProperties reads that line
    // as a key and quotes it (src/kafka/clientProperties.ts, "is not a Kafka client property").
    const wrapped: [string, string][] = [
      [
        'a JAAS config wrapped before the quoted password',
        commandConfig('PLAIN', password).replace(' password="', ' password=\n    "'),
      ],
      ['the password alone on a line', `security.protocol=SASL_PLAINTEXT\n${token}\n`],
    ];
    for (const [what, text] of wrapped) {
      it(`refuses ${what} without quoting the secret`, async () => {
        const { code, err } = await cli([...flags, 'client.properties'], { 'client.properties': text });
        assert.equal(code, 2, err);
        assertNoSecret(`the error for ${what}`, err);
      });
    }
  });

  describe('recordings and trace files', () => {
    it('CLI describe, list and record with the password in --command-config: no output or file holds it', async () => {
      const dir = tempDir();
      try {
        const files = { [path.join(dir, 'client.properties')]: commandConfig('SCRAM-SHA-512', password) };
        const common = [
          '--bootstrap-server',
          '127.0.0.1:9093',
          '--command-config',
          path.join(dir, 'client.properties'),
        ];
        const recording = path.join(dir, 'orders.offsets-trace.jsonl');
        const trace = path.join(dir, 'replayed.offsets-trace.jsonl');
        const { client, options } = answeringClient();
        const runs = [
          await cli(['describe', '--group', groupId, ...common], files, client),
          await cli(['describe', '--group', groupId, '--json', ...common], files, client),
          await cli(['describe', '--group', groupId, '--members', '--verbose', ...common], files, client),
          await cli(['list', ...common], files, client),
          await cli(['list', '--json', ...common], files, client),
          await cli(
            ['record', '--group', groupId, '--out', recording, '--interval-ms', '100', '--duration-ms', '250'].concat(
              common,
            ),
            files,
            client,
          ),
        ];
        // The recording replayed and written again as a trace file.
        runs.push(await cli(['run', recording, '--json', '--out', trace], {}, client));
        for (const [index, run] of runs.entries()) {
          assert.equal(run.code, 0, `run ${index}: ${run.err}`);
          assertNoSecret(`stdout of run ${index}`, run.out);
          assertNoSecret(`stderr of run ${index}`, run.err);
        }
        assert.match(runs[0].out, /orders-app\s+orders\s+0\s+3\s+5\s+2/);
        assert.match(runs[5].err, /^recorded \d+ samples? \(no gaps\)/m);
        // The secret did reach the client, as the file said it.
        assert.equal(options.length, 6);
        for (const o of options) assert.deepEqual(o.sasl, { mechanism: 'SCRAM-SHA-512', username, password });
        for (const file of [recording, trace]) {
          const text = fs.readFileSync(file, 'utf8');
          assert.match(text, /"kind":"recording"/);
          assertNoSecret(file, text);
        }
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('a recording whose samples fail authentication writes the reason as a gap, without the secret', async () => {
      const dir = tempDir();
      try {
        const file = path.join(dir, 'gap.offsets-trace.jsonl');
        const servers = '127.0.0.1:9093';
        const { client } = answeringClient({
          after: 1,
          error: () => refusedError('Authentication failed: Invalid username or password', servers),
        });
        const inspector = client.createKafkaInspector({
          bootstrapServers: [servers],
          sasl: { mechanism: 'PLAIN', username, password },
        });
        const progress = await startRecording({
          groupId,
          file,
          intervalMs: 10,
          durationMs: 60,
          bootstrapServers: servers,
          sampler: groupSampler(inspector),
        }).done;
        assert.ok(progress.samples >= 1 && progress.gaps >= 1, JSON.stringify(progress));
        const text = fs.readFileSync(file, 'utf8');
        assert.match(text, /authentication failed at 127\.0\.0\.1:9093/);
        assertNoSecret('the recording', text);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('a sample error that quotes the secret is not written into the recording', async () => {
      const dir = tempDir();
      try {
        const file = path.join(dir, 'gap.offsets-trace.jsonl');
        const servers = '127.0.0.1:9093';
        // a sampler whose errors quote the secret (the inspector's own have it taken out already)
        const { client } = answeringClient({
          after: 1,
          error: () =>
            new Error(`authentication failed at ${servers}: Authentication failed for ${username} ${password}`),
        });
        await startRecording({
          groupId,
          file,
          intervalMs: 10,
          durationMs: 60,
          bootstrapServers: servers,
          sampler: groupSampler(client.createKafkaInspector({ bootstrapServers: [servers] })),
          secrets: secretsOf({ bootstrapServers: [servers], sasl: { mechanism: 'PLAIN', username, password } }),
        }).done;
        const text = fs.readFileSync(file, 'utf8');
        assert.match(
          text,
          /Gap \(\+[0-9.]+ s\): no sample, authentication failed at 127\.0\.0\.1:9093: Authentication failed for alice /,
        );
        assertNoSecret('the recording', text);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('a real client against a fake broker that refuses the credentials', function () {
    this.timeout(20_000);
    const timeoutMs = 2000;
    const cases: [string, KafkaConnectionOptions['sasl'], string | undefined][] = [
      ['PLAIN', { mechanism: 'PLAIN', username, password }, password],
      ['SCRAM-SHA-512', { mechanism: 'SCRAM-SHA-512', username, password }, undefined],
      ['OAUTHBEARER', { mechanism: 'OAUTHBEARER', token }, token],
    ];

    for (const [mechanism, sasl, sent] of cases) {
      it(`${mechanism}: the error and every log line are without the secret, which went only to the broker`, async () => {
        const broker = await fakeSaslBroker(kafkaRefusal);
        const logger = collectingLogger();
        const inspector = kafkaClientModule.createKafkaInspector({
          bootstrapServers: [broker.servers],
          timeoutMs,
          sasl,
          logger,
        });
        try {
          for (const call of [() => inspector.listGroups(), () => inspector.describeGroup(groupId)]) {
            const error = await call().then(
              () => assert.fail('the broker refused the credentials'),
              (e: unknown) => e,
            );
            assert.ok(isKafkaOperationError(error), String(error));
            assert.equal(error.kind, 'authentication', error.message);
            assert.ok(error.message.startsWith(`authentication failed at ${broker.servers}`), error.message);
            assertNoSecret(`the ${mechanism} error`, error.message);
          }
        } finally {
          await inspector.close();
          await broker.close();
        }
        assert.ok(logger.lines.length >= 3, logger.lines.join('\n'));
        assert.ok(logger.lines.some((line) => /authentication/.test(line)));
        assertNoSecret(`the ${mechanism} log`, logger.lines.join('\n'));
        // SCRAM never sends the password; PLAIN and OAUTHBEARER send it to the broker, where it belongs.
        if (sent) assert.ok(broker.received().includes(Buffer.from(sent)), 'the broker got the secret');
        else assert.ok(!broker.received().includes(Buffer.from(password)), 'SCRAM never sends the password');
      });
    }

    it('a broker that quotes the credentials back: the log still has none of them', async () => {
      const broker = await fakeSaslBroker(echoingRefusal);
      try {
        for (const [mechanism, sasl] of cases) {
          const logger = collectingLogger();
          const inspector = kafkaClientModule.createKafkaInspector({
            bootstrapServers: [broker.servers],
            timeoutMs,
            sasl,
            logger,
          });
          try {
            await assert.rejects(inspector.describeGroup(groupId), (e: unknown) => isKafkaOperationError(e));
          } finally {
            await inspector.close();
          }
          assertNoSecret(`the ${mechanism} log`, logger.lines.join('\n'));
        }
      } finally {
        await broker.close();
      }
    });

    it('a broker that quotes the credentials back: the error has none of them', async () => {
      const broker = await fakeSaslBroker(echoingRefusal);
      try {
        for (const [mechanism, sasl] of cases) {
          const inspector = kafkaClientModule.createKafkaInspector({
            bootstrapServers: [broker.servers],
            timeoutMs,
            sasl,
          });
          try {
            const error = await inspector.describeGroup(groupId).then(
              () => assert.fail('refused'),
              (e: unknown) => e as Error,
            );
            assertNoSecret(`the ${mechanism} error`, error.message);
          } finally {
            await inspector.close();
          }
        }
      } finally {
        await broker.close();
      }
    });

    it('the CLI’s describe, list and record with --command-config: one line on stderr, no secret, no file', async () => {
      const broker = await fakeSaslBroker(kafkaRefusal);
      const dir = tempDir();
      try {
        const config = path.join(dir, 'client.properties');
        const files = { [config]: commandConfig('PLAIN', password) };
        const common = ['--bootstrap-server', broker.servers, '--command-config', config, '--timeout-ms', '2000'];
        const out = path.join(dir, 'never.offsets-trace.jsonl');
        const argvs = [
          ['describe', '--group', groupId, ...common],
          ['describe', '--group', groupId, '--json', '--request-stats', ...common],
          ['describe', '--all-groups', ...common],
          ['list', ...common],
          ['record', '--group', groupId, '--out', out, '--duration-ms', '200', ...common],
        ];
        for (const argv of argvs) {
          const run = await cli(argv, files);
          const what = argv.slice(0, 2).join(' ');
          assert.equal(run.code, 1, `${what}: ${run.err}`);
          assert.equal(run.out, '', what);
          // One error line (after --request-stats' own line).
          const lines = run.err
            .trimEnd()
            .split('\n')
            .filter((line) => !line.startsWith('requests: '));
          assert.equal(lines.length, 1, run.err);
          assert.ok(lines[0].startsWith(`kafka-offset-trace: authentication failed at ${broker.servers}`), run.err);
          assertNoSecret(`stderr of ${what}`, run.err);
        }
        assert.ok(!fs.existsSync(out) || !fs.readFileSync(out, 'utf8').includes(password));
        assert.ok(broker.received().includes(Buffer.from(password)), 'the broker got the password');
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
        await broker.close();
      }
    });
  });
});
