// What the Clusters view shows under a cluster that failed to load: the default localhost:9092 with
// nothing answering gets help (start a local Kafka, Add Cluster…, Retry); a configured cluster, or any
// other failure, keeps the one error item that retries.

import * as assert from 'node:assert/strict';
import { classifyKafkaError, KafkaOperationError } from '../../src/kafka/kafkaErrors';
import {
  clusterProblemItems,
  isUnreachable,
  localKafkaCommand,
  localKafkaHelpText,
} from '../../src/liveGroups/clusterProblems';
import { localCluster, type ClusterSetting } from '../../src/liveGroups/clusterSettings';

/** The error the inspector rejects with when nothing listens at `servers`. */
function refused(servers: string): KafkaOperationError {
  const socketError = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9092'), { code: 'ECONNREFUSED' });
  const networkError = Object.assign(new Error('Connection to localhost:9092 failed.'), {
    code: 'PLT_KFK_NETWORK',
    cause: socketError,
  });
  return classifyKafkaError(networkError, {
    bootstrapServers: [servers],
    step: 'connecting to the bootstrap servers',
    timeoutMs: 4000,
    connected: false,
  });
}

const actions = (items: ReturnType<typeof clusterProblemItems>): (string | undefined)[] => items.map((i) => i.action);

describe('Clusters view: help for the default localhost:9092', () => {
  it('nothing listening on the offered localhost:9092: what is wrong, how to start a local Kafka, Add Cluster…, Retry', () => {
    const error = refused('localhost:9092');
    assert.equal(error.kind, 'unreachable');
    const items = clusterProblemItems(localCluster, error, true);
    assert.deepEqual(
      items.map((i) => [i.label, i.description]),
      [
        ['No Kafka on localhost:9092', 'connection refused'],
        ['Start a Local Kafka…', localKafkaCommand],
        ['Add Cluster…', 'your own bootstrap servers'],
        ['Retry', undefined],
      ],
    );
    assert.deepEqual(actions(items), [undefined, 'localKafkaHelp', 'addCluster', 'retry']);
    assert.deepEqual(
      items.map((i) => i.isError),
      [true, false, false, false],
    );
    assert.match(items[0].tooltip, /cannot reach bootstrap servers localhost:9092 \(connection refused\)/);
    assert.ok(items[1].tooltip.includes('npm start -- --kafka'));
    assert.ok(localKafkaHelpText.includes('npm start -- --kafka'));
    assert.equal(localKafkaCommand, 'npm start -- --kafka');
  });

  it('no answer in time before any broker answered is unreachable too, and gets the same help', () => {
    const error = new KafkaOperationError(
      'unreachable',
      'cannot reach bootstrap servers localhost:9092 (no answer within 4000 ms)',
    );
    const items = clusterProblemItems(localCluster, error, true);
    assert.deepEqual(actions(items), [undefined, 'localKafkaHelp', 'addCluster', 'retry']);
    assert.equal(items[0].description, 'no answer within 4000 ms');
  });

  it('a configured cluster that is unreachable keeps the one error item that retries, even on localhost:9092', () => {
    const configuredLocal: ClusterSetting = { name: 'local', bootstrapServers: 'localhost:9092' };
    for (const cluster of [configuredLocal, localCluster, { name: 'prod', bootstrapServers: 'kafka.example:9092' }]) {
      const error = refused(cluster.bootstrapServers);
      const items = clusterProblemItems(cluster, error, false);
      assert.deepEqual(
        items.map((i) => [i.label, i.action, i.isError]),
        [[error.message, 'retry', true]],
        cluster.name,
      );
      assert.equal(items[0].tooltip, `${error.message}\nClick to retry.`);
    }
  });

  it('the offered localhost:9092 that answers but fails otherwise gets the plain error item', () => {
    const failures: unknown[] = [
      new KafkaOperationError('authentication', 'authentication failed at localhost:9092: bad credentials'),
      new KafkaOperationError('tls', 'TLS connection to localhost:9092 failed: wrong version number'),
      new KafkaOperationError('timeout', 'timed out after 4000 ms while listing consumer groups'),
      new Error('listing the groups of localhost:9092 did not finish within 9000 ms'),
      'something odd',
    ];
    for (const error of failures) {
      assert.equal(isUnreachable(error), false);
      const items = clusterProblemItems(localCluster, error, true);
      assert.deepEqual(actions(items), ['retry'], String(error));
      assert.equal(items[0].isError, true);
    }
  });
});
