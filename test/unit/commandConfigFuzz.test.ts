// `--command-config` files, fuzzed (fast-check, fixed seed, 12,000 inputs): any text, any bytes decoded
// as the CLI decodes the file, and mutations of a real config are either read into connection settings
// or refused with a one-line message naming the line; nothing else is ever thrown. Random bytes are
// refused, a real Kafka client config is read, and the line named is the right one.

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { runCli } from '../../src/cli/cliCommands';
import { parseJavaProperties, readClientProperties } from '../../src/kafka/clientProperties';
import { isKafkaOperationError } from '../../src/kafka/kafkaErrors';

const seed = 0x5eed;
const numRuns = 3000;

/** As the CLI reads the file: fs.readFileSync(file, 'utf8'). */
const decode = (bytes: Uint8Array): string => Buffer.from(bytes).toString('utf8');

/** A trust store file for names of even length; no such file for the others. */
const readFile = (file: string): string => {
  if (file.length % 2 === 0) return '-----BEGIN CERTIFICATE-----MIIB-----END CERTIFICATE-----';
  throw Object.assign(new Error(`ENOENT: no such file, open '${file}'`), { code: 'ENOENT' });
};

const lineCount = (text: string): number => text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/).length;

/** The text is read or refused with a message; a line it names is one of the file's. */
function checkTotal(text: string): void {
  const lines = lineCount(text);
  try {
    parseJavaProperties(text);
  } catch (error) {
    // The parser only refuses for a reason on a line, and says which.
    assert.ok(isKafkaOperationError(error) && error.kind === 'configuration', `threw ${String(error)}`);
    const line = /^--command-config: line (\d+): \S/.exec(error.message);
    assert.ok(line, error.message);
    assert.ok(Number(line[1]) >= 1 && Number(line[1]) <= lines, error.message);
  }
  const result = readClientProperties(text, readFile);
  if (result.ok) {
    assert.equal(typeof result.settings, 'object');
    return;
  }
  assert.match(result.message, /^--command-config: \S/);
  assert.equal(result.message.split('\n').length, 1);
  const named = /^--command-config: line (\d+): |\(line (\d+)\)$/.exec(result.message);
  if (named) {
    const line = Number(named[1] ?? named[2]);
    assert.ok(line >= 1 && line <= lines, result.message);
  }
}

const validConfig = [
  '# a Confluent Cloud style client config',
  'security.protocol=SASL_SSL',
  'sasl.mechanism=PLAIN',
  'sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="KEY" password="SECRET";',
  'client.id=offset-trace',
  'request.timeout.ms=3000',
].join('\n');

/** Inserts, deletes or duplicates characters of the valid config. */
const mutatedConfig = fc
  .array(
    fc.tuple(
      fc.constantFrom('insert', 'delete', 'duplicate'),
      fc.nat(),
      fc.constantFrom('\n', '\r', '=', ':', ' ', '\\', '#', '!', '"', ';', 'u', '.', '\0', '\uFFFD', 'é', 'x'),
    ),
    { minLength: 1, maxLength: 6 },
  )
  .map((edits) => {
    let text = validConfig;
    for (const [edit, position, char] of edits) {
      const at = position % (text.length + 1);
      if (edit === 'insert') text = text.slice(0, at) + char + text.slice(at);
      else if (edit === 'delete') text = text.slice(0, at) + text.slice(at + 1);
      else text = text.slice(0, at) + text.slice(at, at + 1) + text.slice(at);
    }
    return text;
  });

/**
 * Any UTF-16 text, lone surrogates included, mostly printable ASCII so that lines get past their first
 * character. (Built from char codes: fc.string's 'binary' unit spends most of a second on set-up.)
 */
const anyText = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 0x1f }) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffff }) },
    ),
    { maxLength: 200 },
  )
  .map((codes) => String.fromCharCode(...codes));

/** Strings over the characters that matter to the format, so most inputs get past the first character. */
const propertiesLike = fc.string({
  unit: fc.constantFrom(
    'security.protocol',
    'sasl.mechanism',
    'sasl.jaas.config',
    'ssl.truststore.location',
    'ssl.truststore.type',
    'SASL_SSL',
    'SSL',
    'PEM',
    'PLAIN',
    'PlainLoginModule required ',
    'username="a" ',
    'password="b";',
    '=',
    ':',
    ' ',
    '\t',
    '\n',
    '\r\n',
    '\\',
    '\\u00',
    '41',
    '#',
    '!',
    'a',
    '.',
    '\x01',
  ),
  maxLength: 40,
});

describe('--command-config fuzzed', () => {
  it('any string is read or refused with a message, never thrown out', () => {
    fc.assert(fc.property(anyText, checkTotal), { seed, numRuns });
  });

  it('any string of property-file pieces is read or refused with a message naming the line', () => {
    fc.assert(fc.property(propertiesLike, checkTotal), { seed, numRuns });
  });

  it('any bytes, decoded as the CLI decodes the file, are read or refused with a message', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => checkTotal(decode(bytes))),
      { seed, numRuns },
    );
  });

  it('a mutated valid config is read or refused with a message', () => {
    fc.assert(fc.property(mutatedConfig, checkTotal), { seed, numRuns });
  });
});

describe('--command-config examples', () => {
  /** Deterministic "random" bytes (a linear congruential generator). */
  function randomBytes(length: number, state = 12345): Uint8Array {
    const bytes = new Uint8Array(length);
    for (let i = 0; i < length; i++) {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      bytes[i] = state >>> 16;
    }
    return bytes;
  }

  it('refuses random bytes, in the CLI too, with one line and exit 2', async () => {
    for (let state = 1; state <= 50; state++) {
      const result = readClientProperties(decode(randomBytes(64, state)), readFile);
      assert.equal(result.ok, false, `seed ${state}`);
    }
    let err = '';
    const code = await runCli(
      ['describe', '--bootstrap-server', 'h:1', '--group', 'g', '--command-config', 'random.bin'],
      { out: () => undefined, err: (text) => (err += text) },
      '0.0.0',
      {
        readTextFile: (file) => (file === 'random.bin' ? decode(randomBytes(256)) : readFile(file)),
        loadKafkaClient: () => {
          throw new Error('the client must not be loaded for a refused --command-config');
        },
      },
    );
    assert.equal(code, 2);
    assert.match(err, /^kafka-offset-trace: --command-config: line 1: (not UTF-8 text|control character U\+)/);
    assert.equal(err.trimEnd().split('\n').length, 1);
  });

  it('reads a real Kafka client config, unknown keys included', () => {
    assert.deepEqual(readClientProperties(`\uFEFF${validConfig}\nacks=all\nretries 3\nlinger.ms 5\n`, readFile), {
      ok: true,
      settings: {
        tls: { enabled: true },
        sasl: { mechanism: 'PLAIN', username: 'KEY', password: 'SECRET' },
        clientId: 'offset-trace',
      },
    });
    // Java reads a line without a separator as a key with an empty value.
    assert.deepEqual(
      [...parseJavaProperties('ssl.endpoint.identification.algorithm\nkey\\u002ename = a\\u00e9\\\n  b\\')],
      [
        ['ssl.endpoint.identification.algorithm', ''],
        ['key.name', 'aéb'],
      ],
    );
  });

  const refusals: [string, string][] = [
    [
      'client.id=x\n\n# fine\nthis is not a property',
      'line 4: not a Kafka client property (expected key=value; a value goes on to the next line only after a \\)',
    ],
    [
      'client.id=x\nhello',
      'line 2: not a Kafka client property (expected key=value; a value goes on to the next line only after a \\)',
    ],
    [
      'client.id=x\r\nbad"key=1',
      'line 2: not a Kafka client property (expected key=value; a value goes on to the next line only after a \\)',
    ],
    ['a=1\nb=2\n=3', 'line 3: a value without a property name (expected key=value)'],
    ['a=1\nb=\\u12g4', 'line 2: malformed \\uXXXX escape'],
    ['a=1\nb=2\nc=\0', 'line 3: control character U+0000; is this a Kafka client properties file?'],
    ['# \uFFFD\na=1', 'line 1: not UTF-8 text; is this a Kafka client properties file?'],
    [
      'client.id=x\nsecurity.protocol=SSL_PLAIN',
      'security.protocol "SSL_PLAIN" is not one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL (line 2)',
    ],
    [
      'security.protocol=SASL_SSL\nsasl.mechanism=PLAIN\n\nsasl.jaas.config=PlainLoginModule username="a" password="hunter2";',
      'sasl.jaas.config is not a JAAS login module entry (expected "<LoginModule class> required username="…" password="…";") (line 4)',
    ],
    [
      'security.protocol=SSL\n# store\nssl.truststore.location=/etc/kafka/truststore.jks',
      'ssl.truststore.type JKS is not supported; use a PEM trust store (ssl.truststore.type=PEM), e.g. from keytool -exportcert -rfc (line 3)',
    ],
    ['security.protocol=SASL_SSL', 'sasl.mechanism GSSAPI is not supported (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512)'],
  ];
  for (const [text, message] of refusals) {
    it(`refuses with the line: ${message}`, () => {
      assert.deepEqual(readClientProperties(text, readFile), { ok: false, message: `--command-config: ${message}` });
    });
  }
});
