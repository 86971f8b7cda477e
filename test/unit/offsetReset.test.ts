// Planning offset resets with the rules of Kafka's `--reset-offsets` (GroupOffsetsResetter in Kafka's
// tools): every strategy, clamping, the guard, the time arguments as the tool reads them, the
// reset-plan CSV of --from-file / --export, the --topic syntax, and the what-ifs.

import * as assert from 'node:assert/strict';
import {
  assertGroupInactive,
  deletePreviewMarkdown,
  describeTarget,
  resetPreviewMarkdown,
  planReset,
  ResetRefused,
  type PartitionOffsets,
} from '../../src/liveGroups/offsetReset';
import { parseKafkaDateTime, parseKafkaDuration, timeBeforeNow } from '../../src/liveGroups/kafkaTimeArguments';
import { parseResetPlanCsv, resetPlanCsv, ResetPlanCsvError } from '../../src/liveGroups/resetPlanCsv';
import { deleteWhatIfOf, whatIfOf, whatIfTotals, whatIfTotalsText } from '../../src/liveGroups/resetWhatIf';
import { parseTopicArgument, resolveTopicArguments } from '../../src/liveGroups/topicScope';

const partitions: PartitionOffsets[] = [
  { topic: 'orders', partition: 0, currentOffset: 40, logStartOffset: 10, logEndOffset: 100, offsetForTime: 55 },
  { topic: 'orders', partition: 1, currentOffset: null, logStartOffset: 0, logEndOffset: 20, offsetForTime: null },
];

describe('planReset', () => {
  it('earliest and latest go to the log start and end', () => {
    assert.deepEqual(
      planReset({ kind: 'earliest' }, partitions).map((r) => r.newOffset),
      [10, 0],
    );
    assert.deepEqual(
      planReset({ kind: 'latest' }, partitions).map((r) => r.newOffset),
      [100, 20],
    );
  });

  it('an offset outside the log is moved to its start or end, and says so', () => {
    const rows = planReset({ kind: 'offset', offset: 50 }, partitions);
    assert.deepEqual(
      rows.map((r) => [r.newOffset, r.clampedTo]),
      [
        [50, undefined],
        [20, 'log end'],
      ],
    );
    assert.equal(planReset({ kind: 'offset', offset: 3 }, partitions)[0].clampedTo, 'log start');
  });

  it('a date-time uses the first offset at or after it, else the log end', () => {
    assert.deepEqual(
      planReset({ kind: 'datetime', timestampMs: 0 }, partitions).map((r) => r.newOffset),
      [55, 20],
    );
  });

  it('shift-by moves from the committed offset and refuses partitions without one', () => {
    assert.equal(planReset({ kind: 'shift', by: -15 }, partitions.slice(0, 1))[0].newOffset, 25);
    assert.equal(planReset({ kind: 'shift', by: -100 }, partitions.slice(0, 1))[0].newOffset, 10);
    assert.throws(
      () => planReset({ kind: 'shift', by: 1 }, partitions),
      /cannot shift orders-1: it has no committed offset/,
    );
  });

  it('moves a negative offset to the log start, as the tool does with --to-offset -1', () => {
    assert.deepEqual(
      planReset({ kind: 'offset', offset: -1 }, partitions).map((r) => [r.newOffset, r.clampedTo]),
      [
        [10, 'log start'],
        [0, 'log start'],
      ],
    );
    assert.throws(() => planReset({ kind: 'offset', offset: 0.5 }, partitions), ResetRefused);
  });

  it('by-duration uses the offset looked up for now − D, like a date-time, and notes the log-end fallback', () => {
    const rows = planReset({ kind: 'duration', duration: 'PT1H', durationMs: 3_600_000 }, partitions);
    assert.deepEqual(
      rows.map((r) => [r.newOffset, r.noOffsetForTime]),
      [
        [55, undefined],
        [20, true],
      ],
    );
  });

  it('to-current keeps the committed offset, unclamped, and takes the log end where there is none', () => {
    const belowStart: PartitionOffsets = { ...partitions[0], currentOffset: 4 };
    assert.deepEqual(
      planReset({ kind: 'current' }, [belowStart, partitions[1]]).map((r) => [r.newOffset, r.clampedTo]),
      [
        [4, undefined],
        [20, undefined],
      ],
    );
  });

  it('from-file uses the file’s offsets, clamped into the log', () => {
    const target = {
      kind: 'file' as const,
      source: 'plan.csv',
      offsets: [
        { topic: 'orders', partition: 0, offset: 5 },
        { topic: 'orders', partition: 1, offset: 12 },
      ],
    };
    assert.deepEqual(
      planReset(target, partitions).map((r) => [r.newOffset, r.clampedTo]),
      [
        [10, 'log start'],
        [12, undefined],
      ],
    );
    assert.throws(
      () => planReset({ ...target, offsets: target.offsets.slice(0, 1) }, partitions),
      /no offset for orders-1/,
    );
  });

  it('keeps each row’s log, for the what-ifs', () => {
    const [row] = planReset({ kind: 'latest' }, partitions);
    assert.deepEqual([row.logStartOffset, row.logEndOffset], [10, 100]);
  });

  it('describes each target in words', () => {
    assert.equal(describeTarget({ kind: 'shift', by: 5 }), 'shifted by +5');
    assert.equal(describeTarget({ kind: 'datetime', timestampMs: 0 }), 'to 1970-01-01T00:00:00.000Z');
    assert.equal(
      describeTarget({ kind: 'duration', duration: 'PT1H', durationMs: 3_600_000 }),
      'by duration PT1H (to that long ago)',
    );
    assert.equal(describeTarget({ kind: 'current' }), 'to the current offset');
    assert.equal(describeTarget({ kind: 'file', offsets: [], source: 'plan.csv' }), 'from plan.csv');
  });
});

describe('assertGroupInactive', () => {
  it('allows Empty and Dead groups only, with the message of Kafka’s tool', () => {
    assertGroupInactive('g', 'Empty');
    assertGroupInactive('g', 'Dead');
    for (const state of ['Stable', 'PreparingRebalance', 'CompletingRebalance', 'Assigning', 'Reconciling']) {
      assert.throws(
        () => assertGroupInactive('g', state),
        new RegExp(
          `^ResetRefused: Assignments can only be reset if the group 'g' is inactive, but the current state is ${state}\\.$`,
        ),
      );
    }
    assert.throws(
      () => assertGroupInactive('g', 'Stable', 'delete'),
      /Offsets can only be deleted if the group 'g' is inactive, but the current state is Stable\./,
    );
  });
});

describe('reset and delete previews', () => {
  it('lists every partition with Kafka’s columns, then the current offset, the what-ifs and a note', () => {
    const rows = planReset({ kind: 'offset', offset: 50 }, partitions);
    const preview = resetPreviewMarkdown('local', 'g', describeTarget({ kind: 'offset', offset: 50 }), rows);
    assert.match(preview, /^# Dry run: to offset 50 for group `g`/);
    assert.match(
      preview,
      /\| GROUP \| TOPIC \| PARTITION \| NEW-OFFSET \| CURRENT-OFFSET \| LAG-BEFORE \| LAG-AFTER \| REREAD \| SKIPPED \| NOTE \|/,
    );
    // orders-0: 40 → 50 skips 10 records; lag 60 → 50.
    assert.match(preview, /\| g \| orders \| 0 \| 50 \| 40 \| 60 \| 50 \| 0 \| 10 \| {2}\|/);
    // orders-1: no committed offset; 20 is the log end, so the whole log (20 records) is skipped.
    assert.match(
      preview,
      /\| g \| orders \| 1 \| 20 \| - \| - \| 0 \| 0 \| 20 \| target outside the log: moved to the log end \|/,
    );
    assert.match(
      preview,
      /Totals: REREAD 0, SKIPPED 30, LAG-BEFORE 60 \(without the partition that has no committed offset\), LAG-AFTER 50\./,
    );
  });

  it('shows what deleting would do under each auto.offset.reset', () => {
    const deletion = deletePreviewMarkdown('local', 'g', [
      { topic: 'orders', partition: 0, currentOffset: 40, logStartOffset: 10, logEndOffset: 100 },
      { topic: 'orders', partition: 1, currentOffset: 40 },
    ]);
    assert.match(deletion, /\| g \| orders \| 0 \| 40 \| 60 \| 30 \| 60 \|/);
    assert.match(deletion, /\| g \| orders \| 1 \| 40 \| \? \| \? \| \? \|/);
    assert.match(deletion, /auto\.offset\.reset/);
  });
});

describe('--to-datetime, read as Kafka’s Utils.getDateTime', () => {
  it('needs the milliseconds and reads a time without a zone as UTC', () => {
    assert.equal(parseKafkaDateTime('2026-11-25T10:00:00.000'), Date.UTC(2026, 10, 25, 10));
    assert.equal(parseKafkaDateTime('2026-11-25T10:00:00.250Z'), Date.UTC(2026, 10, 25, 10, 0, 0, 250));
    assert.equal(parseKafkaDateTime('2026-11-25T10:00:00'), undefined, 'the tool refuses it: Unparseable date');
    assert.equal(parseKafkaDateTime('2026-11-25 10:00:00.000'), undefined, 'a T is required');
  });

  it('takes the zones of the patterns …ss.SSSXXX and …ss.SSSX', () => {
    assert.equal(parseKafkaDateTime('2026-11-25T10:00:00.000+02:00'), Date.UTC(2026, 10, 25, 8));
    assert.equal(parseKafkaDateTime('2026-11-25T10:00:00.000-05:30'), Date.UTC(2026, 10, 25, 15, 30));
    assert.equal(parseKafkaDateTime('2026-11-25T10:00:00.000+02'), Date.UTC(2026, 10, 25, 8));
    assert.equal(parseKafkaDateTime('2026-11-25T10:00:00.000z'), undefined);
  });

  it('counts the digits after the dot as milliseconds, as SimpleDateFormat does (.5 is 5 ms)', () => {
    assert.equal(parseKafkaDateTime('2020-01-01T00:00:00.5'), Date.UTC(2020, 0, 1, 0, 0, 0, 5));
    assert.equal(parseKafkaDateTime('2020-01-01T00:00:00.5000'), undefined, 'more than 999 ms');
  });

  it('is not lenient: no 30 February, no hour 24', () => {
    assert.equal(parseKafkaDateTime('2026-02-30T00:00:00.000'), undefined);
    assert.equal(parseKafkaDateTime('2026-01-01T24:00:00.000'), undefined);
    assert.equal(parseKafkaDateTime('2026-13-01T00:00:00.000'), undefined);
  });
});

describe('--by-duration, read as java.time.Duration.parse', () => {
  it('reads days, hours, minutes and seconds with fractions', () => {
    assert.equal(parseKafkaDuration('PT1H'), 3_600_000);
    assert.equal(parseKafkaDuration('P1DT12H'), 36 * 3_600_000);
    assert.equal(parseKafkaDuration('pt30m'), 1_800_000, 'case-insensitive');
    assert.equal(parseKafkaDuration('PT0.5S'), 500);
    assert.equal(parseKafkaDuration('PT1,25S'), 1250);
    assert.equal(parseKafkaDuration('P2D'), 172_800_000);
  });

  it('takes signs as Java does: the whole duration, each part, and the seconds’ fraction', () => {
    assert.equal(parseKafkaDuration('-PT10M'), -600_000);
    assert.equal(parseKafkaDuration('PT1H-10M'), 3_000_000);
    assert.equal(parseKafkaDuration('PT-0.5S'), -500);
  });

  it('refuses what Java refuses', () => {
    for (const text of ['P', 'PT', 'P1DT', '1H', 'PT1', 'P1H', 'PT1.5M', 'P1W', 'PT1H ']) {
      assert.equal(parseKafkaDuration(text), undefined, text);
    }
  });

  it('resets to now − D in whole milliseconds', () => {
    assert.equal(timeBeforeNow(10_000, 3_600_000), 10_000 - 3_600_000);
    assert.equal(timeBeforeNow(10_000, 0.5), 9999);
  });
});

describe('the reset-plan CSV (--from-file, --export)', () => {
  it('reads the one-group form topic,partition,offset, with \\r\\n line ends and trailing empty lines', () => {
    assert.deepEqual(parseResetPlanCsv('orders,0,5\r\norders,1,7\r\n\n', 'g'), [
      { topic: 'orders', partition: 0, offset: 5 },
      { topic: 'orders', partition: 1, offset: 7 },
    ]);
  });

  it('reads the several-group form and keeps the group’s lines (quoted fields too)', () => {
    const text = 'g,orders,0,3\nother,orders,1,0\n"g",orders,2,9\n';
    assert.deepEqual(parseResetPlanCsv(text, 'g'), [
      { topic: 'orders', partition: 0, offset: 3 },
      { topic: 'orders', partition: 2, offset: 9 },
    ]);
    assert.deepEqual(parseResetPlanCsv('"my,group",orders,0,1\n', 'my,group'), [
      { topic: 'orders', partition: 0, offset: 1 },
    ]);
    assert.throws(() => parseResetPlanCsv(text, 'nobody'), /no reset plan for group 'nobody' found/);
  });

  it('a later line for the same partition wins, as in the tool’s map', () => {
    assert.deepEqual(parseResetPlanCsv('orders,0,5\norders,0,6\n', 'g'), [
      { topic: 'orders', partition: 0, offset: 6 },
    ]);
  });

  it('refuses bad lines, naming the line', () => {
    const cases: [string, RegExp][] = [
      ['orders,0,5\norders,x,3\n', /^line 2: the partition must be a non-negative integer, got "x"$/],
      ['orders,0,5\norders,1,-4\n', /^line 2: the offset must be a non-negative integer, got "-4"$/],
      ['orders,0,5\n\norders,1,4\n', /^line 2: the line is empty$/],
      ['orders,0,5\norders,1\n', /^line 2: expected topic,partition,offset \(as line 1\), got 2 fields$/],
      ['g,orders,0,5\ng,orders,1\n', /^line 2: expected group,topic,partition,offset \(as line 1\), got 3 fields$/],
      ['orders,0,5\n",1,2\n', /^line 2: a quoted field is not closed$/],
      ['orders,0,5\n,1,2\n', /^line 2: the topic is empty$/],
      ['orders,0,99999999999999999999\n', /^line 1: the offset must be a non-negative integer/],
      ['', /^the file has no lines$/],
    ];
    for (const [text, message] of cases) {
      assert.throws(
        () => parseResetPlanCsv(text, 'g'),
        (error: unknown) => error instanceof ResetPlanCsvError && message.test(error.message),
        JSON.stringify(text),
      );
    }
  });

  it('exports what it reads back: a round trip', () => {
    const offsets = [
      { topic: 'orders', partition: 0, offset: 0 },
      { topic: 'orders.eu_1-x', partition: 12, offset: 123456789012 },
    ];
    const csv = resetPlanCsv(offsets);
    assert.equal(csv, 'orders,0,0\norders.eu_1-x,12,123456789012\n');
    assert.deepEqual(parseResetPlanCsv(csv, 'g'), offsets);
    assert.deepEqual(parseResetPlanCsv(`${csv}\n`, 'g'), offsets, 'with the line end the tool’s println adds');
  });
});

describe('--topic T[:P,…], read as the tool reads it', () => {
  it('a topic alone is all its partitions; T:0,2 only those', async () => {
    assert.deepEqual(parseTopicArgument('orders'), { topic: 'orders', partitions: null });
    assert.deepEqual(parseTopicArgument('orders:0,2'), { topic: 'orders', partitions: [0, 2] });
    const topicPartitions = async (topics: readonly string[]) =>
      topics.flatMap((topic) => [0, 1, 2].map((partition) => ({ topic, partition })));
    assert.deepEqual(
      await resolveTopicArguments(
        [parseTopicArgument('b:2'), parseTopicArgument('a'), parseTopicArgument('b:2')],
        topicPartitions,
      ),
      [
        { topic: 'a', partition: 0 },
        { topic: 'a', partition: 1 },
        { topic: 'a', partition: 2 },
        { topic: 'b', partition: 2 },
      ],
    );
    await assert.rejects(
      resolveTopicArguments([parseTopicArgument('a:1,7,9')], topicPartitions),
      /The partitions "a-7,a-9" do not exist/,
    );
  });

  it('refuses what the tool refuses, with its message', () => {
    assert.throws(() => parseTopicArgument('a:1:2'), /Invalid topic arg 'a:1:2', expected topic name and partitions/);
    assert.throws(() => parseTopicArgument('a:'), /Invalid topic arg 'a:'/);
    assert.throws(() => parseTopicArgument('a:x'), /Invalid partition 'x' specified in topic arg 'a:x'/);
    assert.throws(() => parseTopicArgument('a:0,,1'), /Invalid partition '' specified/);
  });
});

describe('what-ifs', () => {
  const log = { logStartOffset: 10, logEndOffset: 100 };

  it('going back re-reads what was processed; going forward skips what was not', () => {
    assert.deepEqual(whatIfOf({ ...log, currentOffset: 40, newOffset: 25 }), {
      lagBefore: 60,
      lagAfter: 75,
      reread: 15,
      skipped: 0,
    });
    assert.deepEqual(whatIfOf({ ...log, currentOffset: 40, newOffset: 90 }), {
      lagBefore: 60,
      lagAfter: 10,
      reread: 0,
      skipped: 50,
    });
    assert.deepEqual(whatIfOf({ ...log, currentOffset: 40, newOffset: 40 }), {
      lagBefore: 60,
      lagAfter: 60,
      reread: 0,
      skipped: 0,
    });
  });

  it('counts only records still in the log', () => {
    // Committed below the log start (retention deleted 4..9 unread): nothing of that is skipped by the reset.
    assert.equal(whatIfOf({ ...log, currentOffset: 4, newOffset: 30 }).skipped, 20);
    // Committed past the log end: only the records that exist are read again.
    assert.equal(whatIfOf({ ...log, currentOffset: 120, newOffset: 90 }).reread, 10);
  });

  it('with no committed offset: nothing counts as processed, so nothing is re-read and the records below the new offset are skipped', () => {
    assert.deepEqual(whatIfOf({ ...log, currentOffset: null, newOffset: 10 }), {
      lagBefore: null,
      lagAfter: 90,
      reread: 0,
      skipped: 0,
    });
    assert.deepEqual(whatIfOf({ ...log, currentOffset: null, newOffset: 100 }), {
      lagBefore: null,
      lagAfter: 0,
      reread: 0,
      skipped: 90,
    });
  });

  it('adds up, counting the partitions whose lag before is unknown', () => {
    const totals = whatIfTotals([
      whatIfOf({ ...log, currentOffset: 40, newOffset: 25 }),
      whatIfOf({ ...log, currentOffset: null, newOffset: 100 }),
    ]);
    assert.deepEqual(totals, { lagBefore: 60, unknownLagBefore: 1, lagAfter: 75, reread: 15, skipped: 90 });
    assert.equal(
      whatIfTotalsText(totals),
      'Totals: REREAD 15, SKIPPED 90, LAG-BEFORE 60 (without the partition that has no committed offset), LAG-AFTER 75.',
    );
  });

  it('deleting: what each auto.offset.reset would then do', () => {
    assert.deepEqual(deleteWhatIfOf({ ...log, currentOffset: 40 }), {
      lagBefore: 60,
      rereadIfEarliest: 30,
      skippedIfLatest: 60,
    });
    assert.deepEqual(deleteWhatIfOf({ ...log, currentOffset: null }), {
      lagBefore: null,
      rereadIfEarliest: 0,
      skippedIfLatest: 0,
    });
  });
});
