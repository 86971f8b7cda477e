// The status bar's words for running recordings: the clock, one recording by name, several by number,
// a warning while the cluster does not answer, and the default file name of a new recording.

import * as assert from 'node:assert/strict';
import {
  clockText,
  defaultRecordingFileName,
  recordingStatusText,
  recordingStatusTooltip,
  type RecordingView,
} from '../../src/recording/recordingStatus';

const view = (groupId: string, samples: number, elapsedMs: number, extra: object = {}): RecordingView => ({
  cluster: 'local',
  groupId,
  file: `/tmp/${groupId}.offsets-trace.jsonl`,
  progress: { samples, gaps: 0, elapsedMs, ...extra },
});

describe('recording status', () => {
  it('clock: minutes and seconds, hours when needed', () => {
    assert.equal(clockText(0), '0:00');
    assert.equal(clockText(7_999), '0:07');
    assert.equal(clockText(725_000), '12:05');
    assert.equal(clockText(3_723_000), '1:02:03');
    assert.equal(clockText(-5), '0:00');
  });

  it('nothing recording: no text; one: its group, time and samples; several: how many', () => {
    assert.equal(recordingStatusText([]), undefined);
    assert.equal(recordingStatusText([view('orders', 1, 1500)]), '$(record) Recording orders 0:01 · 1 sample');
    assert.equal(recordingStatusText([view('orders', 12, 61_000)]), '$(record) Recording orders 1:01 · 12 samples');
    assert.equal(recordingStatusText([view('a', 2, 1000), view('b', 3, 2000)]), '$(record) 2 recordings · 5 samples');
  });

  it('a failing sample turns the icon into a warning and the tooltip says why', () => {
    const failing = view('orders', 4, 5000, { gaps: 2, lastError: 'connect ECONNREFUSED 127.0.0.1:9092' });
    assert.equal(recordingStatusText([failing]), '$(warning) Recording orders 0:05 · 4 samples');
    assert.equal(
      recordingStatusTooltip([failing]),
      'orders on local: 4 samples, 2 gaps in 0:05 → /tmp/orders.offsets-trace.jsonl — no answer: connect ECONNREFUSED 127.0.0.1:9092\nClick to stop recording.',
    );
  });

  it('default file name: the group (made safe) and the UTC start time', () => {
    const at = new Date(Date.UTC(2026, 11, 2, 9, 5, 7, 123));
    assert.equal(defaultRecordingFileName('orders', at), 'orders-2026-12-02T09-05-07Z.offsets-trace.jsonl');
    assert.equal(defaultRecordingFileName('a/b:c d', at), 'a_b_c_d-2026-12-02T09-05-07Z.offsets-trace.jsonl');
    assert.equal(defaultRecordingFileName('', at), 'group-2026-12-02T09-05-07Z.offsets-trace.jsonl');
  });
});
