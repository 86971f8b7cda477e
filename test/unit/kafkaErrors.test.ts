// Error classification: errors shaped as Node and the Kafka client raise them (nested in aggregates and
// causes) become specific one-line messages; and --command-config properties map to connection settings.

import * as assert from 'node:assert/strict';
import { parseJaasConfig, parseJavaProperties, settingsFromProperties } from '../../src/kafka/clientProperties';
import {
  breaksConnections,
  classifyKafkaError,
  isKafkaOperationError,
  KafkaOperationError,
  type ErrorContext,
} from '../../src/kafka/kafkaErrors';

const context = (overrides: Partial<ErrorContext> = {}): ErrorContext => ({
  bootstrapServers: ['127.0.0.1:1'],
  step: 'describing group "g"',
  timeoutMs: 3000,
  connected: false,
  groupId: 'g',
  ...overrides,
});

/** An error as the client library builds them: code, canRetry, nested `errors` and `cause`. */
function libraryError(message: string, fields: Record<string, unknown>, inner: unknown[] = []): Error {
  const error = inner.length > 0 ? new AggregateError(inner, message) : new Error(message);
  Object.assign(error, fields);
  return error;
}

const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });

describe('Kafka errors', () => {
  it('connection refused before any answer: the bootstrap servers are unreachable', () => {
    const error = libraryError('listApis failed 2 times.', { code: 'PLT_KFK_MULTIPLE' }, [
      libraryError('Connection to 127.0.0.1:1 failed.', { code: 'PLT_KFK_NETWORK', cause: refused }),
    ]);
    const classified = classifyKafkaError(error, context());
    assert.equal(classified.kind, 'unreachable');
    assert.equal(classified.message, 'cannot reach bootstrap servers 127.0.0.1:1 (connection refused)');
  });

  it('a network error after a broker answered: the broker went away mid-request', () => {
    const error = libraryError('Connection closed', { code: 'PLT_KFK_NETWORK' });
    const classified = classifyKafkaError(error, context({ connected: true, step: 'fetching committed offsets' }));
    assert.equal(classified.kind, 'brokerDisconnected');
    assert.match(classified.message, /^lost the connection to a broker while fetching committed offsets/);
  });

  it('a broker that refuses connections after another one answered is named, with the reason', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9095'), {
      code: 'ECONNREFUSED',
      address: '127.0.0.1',
      port: 9095,
    });
    const error = libraryError('Connection failed', { code: 'PLT_KFK_NETWORK', cause: refused });
    const classified = classifyKafkaError(error, context({ connected: true, step: 'reading the log-end offsets' }));
    assert.equal(classified.kind, 'brokerDisconnected');
    assert.equal(
      classified.message,
      'cannot connect to broker 127.0.0.1:9095 while reading the log-end offsets (connection refused)',
    );
  });

  it('timeouts, authentication, authorization, TLS, unknown group, missing topic', () => {
    const timeout = libraryError('Request timed out.', { name: 'TimeoutError', code: 'PLT_KFK_NETWORK' });
    assert.equal(classifyKafkaError(timeout, context({ connected: true })).kind, 'timeout');
    assert.equal(classifyKafkaError(timeout, context()).kind, 'unreachable');

    const auth = libraryError('SASL authentication failed.', { code: 'PLT_KFK_MULTIPLE' }, [
      libraryError('Authentication failed', {
        code: 'PLT_KFK_PROTOCOL',
        apiId: 'SASL_AUTHENTICATION_FAILED',
        serverErrorMessage:
          'Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-256',
      }),
    ]);
    const authClassified = classifyKafkaError(auth, context({ connected: true }));
    assert.equal(authClassified.kind, 'authentication');
    assert.match(authClassified.message, /invalid credentials/);

    const denied = libraryError('x', { apiId: 'GROUP_AUTHORIZATION_FAILED' });
    assert.equal(classifyKafkaError(denied, context({ connected: true })).kind, 'authorization');

    const selfSigned = Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    const tls = classifyKafkaError(libraryError('failed', { code: 'PLT_KFK_NETWORK', cause: selfSigned }), context());
    assert.equal(tls.kind, 'tls');
    assert.match(tls.message, /self-signed certificate/);

    const notFound = libraryError('Received response with error', { code: 'PLT_KFK_RESPONSE' }, [
      libraryError('The group id does not exist.', { apiId: 'GROUP_ID_NOT_FOUND' }),
    ]);
    const unknown = classifyKafkaError(notFound, context({ connected: true }));
    assert.equal(unknown.kind, 'unknownGroup');
    assert.equal(unknown.message, 'Group g not found.');

    const missing = libraryError('bad', {}, [
      libraryError('This server does not host this topic-partition.', { apiId: 'UNKNOWN_TOPIC_OR_PARTITION' }),
    ]);
    assert.equal(classifyKafkaError(missing, context({ connected: true })).kind, 'missingTopic');
  });

  it('keeps an already classified error, brands survive bundles, messages are one line', () => {
    const own = new KafkaOperationError('unknownGroup', 'Group x\nnot found.');
    assert.equal(own.message, 'Group x not found.');
    assert.equal(classifyKafkaError(own, context()), own);
    const copy = { ...own, message: own.message }; // as seen from another bundle's class
    assert.ok(isKafkaOperationError(copy));
    assert.ok(!isKafkaOperationError(new Error('x')));
    const odd = classifyKafkaError('a string was thrown', context({ connected: true }));
    assert.equal(odd.kind, 'request');
    assert.equal(odd.message.split('\n').length, 1);
  });
});

describe('--command-config properties', () => {
  const noFiles = (file: string): string => {
    throw Object.assign(new Error(`ENOENT: ${file}`), { code: 'ENOENT' });
  };

  it('parses the java.util.Properties format', () => {
    const props = parseJavaProperties(
      [
        '# comment',
        '! other comment',
        'security.protocol=SASL_SSL',
        'sasl.mechanism : SCRAM-SHA-512',
        'client.id  my\\ client',
        'sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required \\',
        '    username="alice" \\',
        '    password="s3cr=t\\\\\\"x";',
      ].join('\n'),
    );
    assert.equal(props.get('security.protocol'), 'SASL_SSL');
    assert.equal(props.get('sasl.mechanism'), 'SCRAM-SHA-512');
    assert.equal(props.get('client.id'), 'my client');
    const jaas = parseJaasConfig(props.get('sasl.jaas.config') ?? '');
    assert.equal(jaas.loginModule, 'org.apache.kafka.common.security.scram.ScramLoginModule');
    assert.equal(jaas.options.get('username'), 'alice');
    assert.equal(jaas.options.get('password'), 's3cr=t"x');
  });

  it('maps SASL_SSL + SCRAM + a PEM trust store to TLS and SASL settings', () => {
    const props = parseJavaProperties(
      [
        'security.protocol=SASL_SSL',
        'sasl.mechanism=SCRAM-SHA-256',
        'sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="u" password="p";',
        'ssl.truststore.type=PEM',
        'ssl.truststore.location=/ca.pem',
        'ssl.endpoint.identification.algorithm=',
      ].join('\n'),
    );
    const settings = settingsFromProperties(props, (file) => (file === '/ca.pem' ? 'PEM-TEXT' : noFiles(file)));
    assert.deepEqual(settings, {
      tls: { enabled: true, caPem: 'PEM-TEXT', checkHostname: false },
      sasl: { mechanism: 'SCRAM-SHA-256', username: 'u', password: 'p' },
    });
    assert.deepEqual(settingsFromProperties(new Map(), noFiles), {});
    assert.deepEqual(
      settingsFromProperties(
        parseJavaProperties(
          'security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\nsasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="a" password="b";',
        ),
        noFiles,
      ),
      { sasl: { mechanism: 'PLAIN', username: 'a', password: 'b' } },
    );
  });

  const refusals: [string, RegExp][] = [
    ['security.protocol=SSL\nssl.truststore.location=/x.jks', /ssl.truststore.type JKS is not supported/],
    ['security.protocol=SSL\nssl.keystore.location=/k.jks', /client certificates/],
    ['security.protocol=SASL_SSL\nsasl.mechanism=GSSAPI', /GSSAPI is not supported/],
    ['security.protocol=SASL_SSL\nsasl.mechanism=OAUTHBEARER', /OAUTHBEARER is not supported/],
    ['security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN', /needs sasl.jaas.config/],
    [
      'security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\nsasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="a" password="b";',
      /needs the PlainLoginModule/,
    ],
    ['security.protocol=SSL_PLAIN', /security.protocol "SSL_PLAIN" is not one of/],
    [
      'security.protocol=SSL\nssl.truststore.type=PEM\nssl.truststore.location=/missing.pem',
      /cannot read ssl.truststore.location/,
    ],
  ];
  for (const [text, message] of refusals) {
    it(`refuses clearly: ${text.split('\n').pop() ?? ''}`, () => {
      assert.throws(
        () => settingsFromProperties(parseJavaProperties(text), noFiles),
        (error: unknown) =>
          isKafkaOperationError(error) && error.kind === 'configuration' && message.test(error.message),
      );
    });
  }
});

describe('which errors drop a client’s connections', () => {
  it('drops them when the connection is in doubt, keeps them for per-request errors', () => {
    for (const kind of ['unreachable', 'brokerDisconnected', 'timeout', 'tls', 'authentication'] as const) {
      assert.equal(breaksConnections(new KafkaOperationError(kind, 'x')), true, kind);
    }
    for (const kind of ['authorization', 'unknownGroup', 'missingTopic', 'request', 'configuration'] as const) {
      assert.equal(breaksConnections(new KafkaOperationError(kind, 'x')), false, kind);
    }
  });
});

describe('client properties errors', () => {
  it('never quote the JAAS value, which holds the password', () => {
    assert.throws(
      () =>
        parseJaasConfig(
          'org.apache.kafka.common.security.scram.ScramLoginModule username="alice" password="hunter2-secret";',
        ),
      (error: unknown) =>
        error instanceof Error &&
        /not a JAAS login module entry/.test(error.message) &&
        !error.message.includes('hunter2'),
    );
  });
});

describe('authentication failure reasons', () => {
  it('shows the broker’s reason, not the client’s generic "SASL authentication failed."', () => {
    const protocol = libraryError('SASL authentication failed.', {
      code: 'PLT_KFK_PROTOCOL',
      apiId: 'SASL_AUTHENTICATION_FAILED',
      serverErrorMessage:
        'Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512',
    });
    const response = libraryError(
      'Received response with error while executing API SaslAuthenticate(v2)',
      { code: 'PLT_KFK_RESPONSE' },
      [protocol],
    );
    const error = libraryError('SASL authentication failed.', { code: 'PLT_KFK_AUTHENTICATION', cause: response });
    const classified = classifyKafkaError(error, context({ connected: true }));
    assert.equal(classified.kind, 'authentication');
    assert.equal(
      classified.message,
      'authentication failed at 127.0.0.1:1: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512',
    );
  });

  it('shows why an OAUTHBEARER token was rejected', () => {
    const rejected = new Error('the broker rejected the OAUTHBEARER token (invalid_token)');
    const error = libraryError('SASL authentication failed.', { code: 'PLT_KFK_AUTHENTICATION', cause: rejected });
    assert.match(
      classifyKafkaError(error, context({ connected: true })).message,
      /rejected the OAUTHBEARER token \(invalid_token\)$/,
    );
  });
});
