// Connection options for the Kafka client: Admin timeouts, TLS and SASL from our options, and the
// OAUTHBEARER check that fails on the broker's error challenge instead of carrying on mid-authentication.

import * as assert from 'node:assert/strict';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';
import { adminOptions, checkOAuthBearerChallenge, saslOptions, tlsOptions } from '../../src/kafka/connectionOptions';

function challenge(bytes: Buffer): { error: Error | null; bytes?: Buffer } {
  let result: { error: Error | null; bytes?: Buffer } | undefined;
  checkOAuthBearerChallenge(bytes, (error, authBytes) => {
    result = { error, ...(authBytes ? { bytes: authBytes } : {}) };
  });
  assert.ok(result, 'the callback is called synchronously, once');
  return result;
}

describe('Kafka connection options', () => {
  it('bounds every connect and request by the timeout, with one retry', () => {
    const options = adminOptions({ bootstrapServers: ['a:1', 'b:2'], timeoutMs: 3000 });
    assert.deepEqual(
      [options.bootstrapBrokers, options.connectTimeout, options.requestTimeout, options.timeout, options.retries],
      [['a:1', 'b:2'], 3000, 3000, 3000, 1],
    );
    assert.throws(() => adminOptions({ bootstrapServers: [] }), /no bootstrap servers given/);
  });

  it('maps TLS: none, CA text, skip-verify, host names checked by default; a missing CA file is a clear error', () => {
    assert.equal(tlsOptions({ bootstrapServers: ['a:1'] }), undefined);
    const tls = tlsOptions({
      bootstrapServers: ['a:1'],
      tls: { enabled: true, caPem: 'PEM', rejectUnauthorized: false },
    });
    assert.deepEqual(tls, { ca: ['PEM'], rejectUnauthorized: false });
    const checked = tlsOptions({ bootstrapServers: ['a:1'], tls: { enabled: true } });
    assert.deepEqual(checked, { rejectUnauthorized: true }, "host names are checked by Node's own check by default");
    assert.deepEqual(tlsOptions({ bootstrapServers: ['a:1'], tls: { enabled: true, checkHostname: true } }), checked);
    assert.throws(
      () => tlsOptions({ bootstrapServers: ['a:1'], tls: { enabled: true, caFile: '/no/such/ca.pem' } }),
      /cannot read the CA file \/no\/such\/ca\.pem/,
    );
  });

  it('checkHostname: false accepts a certificate for another host, which Node’s default check refuses', () => {
    const noHostCheck = tlsOptions({ bootstrapServers: ['a:1'], tls: { enabled: true, checkHostname: false } });
    const check = noHostCheck?.checkServerIdentity;
    assert.ok(check, 'a host name check that accepts every host');
    // Node's checks read the subject and the subject alternative names of the peer certificate.
    const certificate = {
      subject: { CN: 'broker-1.internal' },
      subjectaltname: 'DNS:broker-1.internal, IP Address:10.0.0.7',
    } as unknown as PeerCertificate;
    // The inputs are a real match and a real mismatch, as Node's default check says ...
    assert.equal(checkServerIdentity('broker-1.internal', certificate), undefined);
    assert.equal(checkServerIdentity('10.0.0.7', certificate), undefined);
    const refused = checkServerIdentity('kafka.example.com', certificate);
    assert.ok(refused instanceof Error);
    assert.match(refused.message, /Hostname\/IP does not match certificate's altnames/);
    assert.ok(checkServerIdentity('10.0.0.8', certificate) instanceof Error);
    // ... and ours accepts both: the certificate chain is still verified (rejectUnauthorized), the name is not.
    for (const host of ['broker-1.internal', '10.0.0.7', 'kafka.example.com', '10.0.0.8']) {
      assert.equal(check(host, certificate), undefined, host);
    }
    assert.equal(noHostCheck?.rejectUnauthorized, true);
  });

  it('maps SASL, with the challenge check for OAUTHBEARER', () => {
    assert.deepEqual(
      saslOptions({ bootstrapServers: ['a:1'], sasl: { mechanism: 'PLAIN', username: 'u', password: 'p' } }),
      {
        mechanism: 'PLAIN',
        username: 'u',
        password: 'p',
      },
    );
    const oauth = saslOptions({ bootstrapServers: ['a:1'], sasl: { mechanism: 'OAUTHBEARER', token: 't' } });
    assert.equal(oauth?.mechanism, 'OAUTHBEARER');
    assert.equal((oauth as { authBytesValidator?: unknown }).authBytesValidator, checkOAuthBearerChallenge);
  });

  it('an OAUTHBEARER error challenge fails; an empty or non-JSON answer is success', () => {
    const rejected = challenge(Buffer.from('{"status":"invalid_token","scope":""}'));
    assert.match(rejected.error?.message ?? '', /rejected the OAUTHBEARER token \(invalid_token\)/);
    for (const accepted of [Buffer.alloc(0), Buffer.from('not json'), Buffer.from('{"other":1}')]) {
      const result = challenge(accepted);
      assert.equal(result.error, null);
      assert.equal(result.bytes, accepted);
    }
  });
});
