// The date-time typed for Reset Offsets… to a time: ISO-like text with an optional time and zone,
// local time without a zone (as Kafka's tool), and anything else refused.

import * as assert from 'node:assert/strict';
import { parseDateTime } from '../../src/liveGroups/dateTimeInput';

describe('parseDateTime', () => {
  it('reads a UTC time to the millisecond', () => {
    assert.equal(parseDateTime('2026-11-25T10:00:00Z'), Date.UTC(2026, 10, 25, 10, 0, 0));
    assert.equal(parseDateTime('2026-11-25T10:00:00.250Z'), Date.UTC(2026, 10, 25, 10, 0, 0, 250));
    assert.equal(parseDateTime('2026-11-25T10:00Z'), Date.UTC(2026, 10, 25, 10, 0));
  });

  it('applies an explicit offset from UTC', () => {
    assert.equal(parseDateTime('2026-11-25T10:00:00+02:00'), Date.UTC(2026, 10, 25, 8, 0, 0));
    assert.equal(parseDateTime('2026-11-25T10:00:00-05:30'), Date.UTC(2026, 10, 25, 15, 30, 0));
  });

  it('reads a time without a zone, with a space or a T, as local time', () => {
    const local = new Date(2026, 10, 25, 9, 30).getTime();
    assert.equal(parseDateTime('2026-11-25 09:30'), local);
    assert.equal(parseDateTime('2026-11-25T09:30'), local);
    assert.equal(parseDateTime('2026-11-25 09:30:15'), new Date(2026, 10, 25, 9, 30, 15).getTime());
  });

  it('reads a date alone as local midnight, and ignores surrounding spaces', () => {
    assert.equal(parseDateTime('2026-11-25'), new Date(2026, 10, 25, 0, 0).getTime());
    assert.equal(parseDateTime('  2026-11-25T10:00:00Z \n'), Date.UTC(2026, 10, 25, 10, 0, 0));
  });

  it('refuses what is not a date-time', () => {
    for (const text of [
      '',
      '   ',
      'yesterday',
      '2026-11-25T10',
      '25/11/2026',
      '2026-11-25T10:00:00ZZ',
      '1732528800000',
    ])
      assert.equal(parseDateTime(text), undefined, JSON.stringify(text));
  });

  it('refuses a well-formed text that names no real time', () => {
    assert.equal(parseDateTime('2026-13-01'), undefined);
    assert.equal(parseDateTime('2026-11-25T25:00:00Z'), undefined);
  });
});
