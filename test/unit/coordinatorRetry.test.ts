// Retrying while a group's coordinator moves: which errors say so (anywhere in the client's error
// tree), the back-off, and that other errors and a passed deadline end the retries at once.

import * as assert from 'node:assert/strict';
import { coordinatorMoved, retryDelayMs, retryWhileCoordinatorMoves } from '../../src/kafka/coordinatorRetry';

/** A response error as the client raises it: an aggregate whose inner error carries Kafka's error id. */
function protocolError(apiId: string): Error {
  return new AggregateError([Object.assign(new Error(`Received response with error ${apiId}`), { apiId })], 'failed');
}

describe('coordinator retries', () => {
  it('recognises the coordinator-moved error ids, nested or not, and nothing else', () => {
    assert.equal(coordinatorMoved(protocolError('NOT_COORDINATOR')), true);
    assert.equal(coordinatorMoved(protocolError('COORDINATOR_LOAD_IN_PROGRESS')), true);
    assert.equal(coordinatorMoved(Object.assign(new Error('x'), { apiId: 'COORDINATOR_NOT_AVAILABLE' })), true);
    assert.equal(coordinatorMoved(protocolError('GROUP_AUTHORIZATION_FAILED')), false);
    assert.equal(coordinatorMoved(new Error('NOT_COORDINATOR')), false);
    assert.equal(coordinatorMoved(undefined), false);
  });

  it('backs off from 100 ms, doubling, to at most 1 s', () => {
    assert.deepEqual([0, 1, 2, 3, 4, 5, 10].map(retryDelayMs), [100, 200, 400, 800, 1000, 1000, 1000]);
  });

  it('retries while the coordinator moves, then returns the answer', async () => {
    let calls = 0;
    const answer = await retryWhileCoordinatorMoves(async () => {
      calls++;
      if (calls < 3) throw protocolError('NOT_COORDINATOR');
      return 'described';
    }, Date.now() + 5000);
    assert.equal(answer, 'described');
    assert.equal(calls, 3);
  });

  it('throws any other error at once', async () => {
    let calls = 0;
    const denied = protocolError('GROUP_AUTHORIZATION_FAILED');
    await assert.rejects(
      retryWhileCoordinatorMoves(async () => {
        calls++;
        throw denied;
      }, Date.now() + 5000),
      (error: unknown) => error === denied,
    );
    assert.equal(calls, 1);
  });

  it('stops retrying once the deadline has passed', async () => {
    let calls = 0;
    const moved = protocolError('NOT_COORDINATOR');
    await assert.rejects(
      retryWhileCoordinatorMoves(async () => {
        calls++;
        throw moved;
      }, Date.now() - 1),
      (error: unknown) => error === moved,
    );
    assert.equal(calls, 1);
  });
});
