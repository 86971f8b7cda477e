// The clusters setting: validation messages that name the entry, and connection options with the
// secret from SecretStorage (never from settings).

import * as assert from 'node:assert/strict';
import { connectionOptions, readClusterSettings, secretKey } from '../../src/liveGroups/clusterSettings';
import { parseBootstrapServers } from '../../src/common/bootstrapServers';

describe('cluster settings', () => {
  it('parses bootstrap lists and refuses what is not host:port', () => {
    assert.deepEqual(parseBootstrapServers(' a:9092, b.example:19092 '), { servers: ['a:9092', 'b.example:19092'] });
    assert.deepEqual(parseBootstrapServers('[::1]:9092'), { servers: ['[::1]:9092'] });
    assert.deepEqual(parseBootstrapServers(''), {
      error: 'no bootstrap server given (expected host:port)',
      badEntry: undefined,
    });
    assert.deepEqual(parseBootstrapServers('localhost'), {
      error: '"localhost" is not host:port',
      badEntry: 'localhost',
    });
    assert.deepEqual(parseBootstrapServers('h:99999'), { error: '"h:99999" is not host:port', badEntry: 'h:99999' });
  });

  it('keeps valid entries and names each invalid one', () => {
    const { clusters, problems } = readClusterSettings([
      { name: 'local', bootstrapServers: 'localhost:9092' },
      {
        name: 'secure',
        bootstrapServers: 'k1:9093,k2:9093',
        tls: { enabled: true, caFile: '/ca.pem' },
        sasl: { mechanism: 'SCRAM-SHA-512', username: 'app' },
      },
      { name: 'local', bootstrapServers: 'x:1' },
      { bootstrapServers: 'x:1' },
      { name: 'bad-sasl', bootstrapServers: 'x:1', sasl: { mechanism: 'GSSAPI' } },
      { name: 'no-user', bootstrapServers: 'x:1', sasl: { mechanism: 'PLAIN' } },
      { name: 'bad-host', bootstrapServers: 'nope' },
      'text',
    ]);
    assert.deepEqual(
      clusters.map((c) => c.name),
      ['local', 'secure'],
    );
    assert.deepEqual(problems, [
      'offsetTrace.clusters[2]: the name "local" is used twice',
      'offsetTrace.clusters[3] has no name',
      'offsetTrace.clusters[4] ("bad-sasl"): sasl.mechanism must be one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER',
      'offsetTrace.clusters[5] ("no-user"): sasl.username is needed for PLAIN',
      'offsetTrace.clusters[6] ("bad-host"): "nope" is not host:port',
      'offsetTrace.clusters[7] is not an object',
    ]);
    assert.deepEqual(readClusterSettings({}).problems, ['offsetTrace.clusters must be a list of clusters']);
  });

  it('builds connection options with the secret from SecretStorage', () => {
    const { clusters } = readClusterSettings([
      {
        name: 's',
        bootstrapServers: 'k:9093',
        tls: { enabled: true, skipVerify: true },
        sasl: { mechanism: 'SCRAM-SHA-256', username: 'app' },
      },
      { name: 'o', bootstrapServers: 'k:9093', sasl: { mechanism: 'OAUTHBEARER' } },
    ]);
    assert.deepEqual(connectionOptions(clusters[0], 'pw', 5000), {
      bootstrapServers: ['k:9093'],
      timeoutMs: 5000,
      tls: { enabled: true, rejectUnauthorized: false },
      sasl: { mechanism: 'SCRAM-SHA-256', username: 'app', password: 'pw' },
    });
    assert.deepEqual(connectionOptions(clusters[1], 'tok', 5000).sasl, { mechanism: 'OAUTHBEARER', token: 'tok' });
    assert.throws(() => connectionOptions(clusters[0], undefined, 5000), /no password is stored/);
    assert.equal(secretKey(clusters[0]), 'offsetTrace.cluster:["s","k:9093","SCRAM-SHA-256","app"]');
    const moved = { ...clusters[0], bootstrapServers: 'evil.example:9093' };
    assert.notEqual(secretKey(moved), secretKey(clusters[0]), 'a secret is bound to the servers it was entered for');
  });
});
