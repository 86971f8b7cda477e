// The Inspect Group panel's status line after a failed refresh: "Disconnected" with the reason when the
// cluster cannot be reached, the values shown marked stale with how much older they are, and when the
// next try comes; a failure of this refresh alone says so; the message guard wants every field.

import * as assert from 'node:assert/strict';
import { isHostToGroupPanelMessage, type GroupErrorMessage } from '../../src/panel/groupPanelMessages';
import { ageText, failedRefreshStatus } from '../../src/panel/groupPanelStatus';

const time = (ms: number): string => new Date(ms).toISOString().slice(11, 19);
const at = Date.UTC(2026, 11, 2, 15, 0, 0);

function failure(overrides: Partial<GroupErrorMessage> = {}): GroupErrorMessage {
  return {
    type: 'error',
    cluster: 'local',
    groupId: 'orders-app',
    message: 'cannot reach bootstrap servers localhost:9092 (connection refused)',
    atMs: at,
    disconnected: true,
    retrySeconds: 10,
    ...overrides,
  };
}

describe('Inspect Group: the status line of a failed refresh', () => {
  it('disconnected with values shown: the reason, their age, stale, the next try', () => {
    assert.deepEqual(failedRefreshStatus(failure(), at - 75_000, time), {
      text:
        'Disconnected at 15:00:00: cannot reach bootstrap servers localhost:9092 (connection refused). ' +
        'Showing what was read at 14:58:45, 1 min 15 s before (stale); trying again every 10 s.',
      stale: true,
    });
  });

  it('nothing read yet: nothing is stale; on demand only: Refresh to try again', () => {
    assert.deepEqual(failedRefreshStatus(failure({ retrySeconds: 0 }), undefined, time), {
      text: 'Disconnected at 15:00:00: cannot reach bootstrap servers localhost:9092 (connection refused). Refresh to try again.',
      stale: false,
    });
  });

  it('a failure of this refresh only (e.g. the group was deleted) is not "disconnected"', () => {
    const status = failedRefreshStatus(
      failure({ disconnected: false, message: 'Group orders-app not found.' }),
      at - 10_000,
      time,
    );
    assert.match(
      status.text,
      /^Refresh failed at 15:00:00: Group orders-app not found\. Showing what was read at 14:59:50, 10 s before/,
    );
  });

  it('ages in seconds, minutes and hours', () => {
    assert.deepEqual(
      [ageText(0), ageText(59_400), ageText(61_000), ageText(3_725_000)],
      ['0 s', '59 s', '1 min 1 s', '1 h 2 min'],
    );
  });

  it('the message guard takes an error message only with every field', () => {
    assert.ok(isHostToGroupPanelMessage(failure()));
    const withoutDisconnected: Record<string, unknown> = { ...failure() };
    delete withoutDisconnected.disconnected;
    assert.equal(isHostToGroupPanelMessage(withoutDisconnected), false);
    assert.equal(isHostToGroupPanelMessage({ ...failure(), retrySeconds: '10' }), false);
  });
});
