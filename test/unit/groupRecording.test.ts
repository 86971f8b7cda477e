// Recording a live group to a trace file, with a scripted sampler standing in for the cluster's
// answers: the file opens like any trace (steps, states, commits), a sample the cluster does not answer
// is a gap, the key moments of a recording are found, and a file cut off mid-line still opens.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { partitionKeyOf } from '../../src/common/topicPartition';
import { KafkaOperationError } from '../../src/kafka/kafkaErrors';
import type { AnyGroupDescription, DescribeRow, GroupDescription, GroupMember } from '../../src/kafka/kafkaModel';
import { recordingRefusal } from '../../src/recording/groupSampler';
import { startRecording, type GroupSampler } from '../../src/recording/groupRecorder';
import { findKeyMoments } from '../../src/trace/keyMoments';
import { loadTraceFile } from '../../src/trace/traceLoader';

function member(id: string, clientId: string, partitions: number[]): GroupMember {
  return {
    memberId: id,
    groupInstanceId: null,
    clientId,
    host: '/127.0.0.1',
    assignedPartitions: partitions.map((partition) => ({ topic: 'orders', partition })),
    targetPartitions: null,
    memberEpoch: null,
  };
}

function row(partition: number, committed: number | null, logEnd: number, owner?: GroupMember): DescribeRow {
  return {
    topic: 'orders',
    partition,
    currentOffset: committed,
    logEndOffset: logEnd,
    lag: committed === null ? null : logEnd - committed,
    consumerId: owner?.memberId ?? null,
    host: owner?.host ?? null,
    clientId: owner?.clientId ?? null,
  };
}

type Answer = { members: GroupMember[]; rows: DescribeRow[]; logStart?: [number, number][] } | Error;

/** A sampler that answers from a script, one answer per sample (the last one repeats). */
function scripted(answers: Answer[]): GroupSampler {
  let next = 0;
  return {
    sample(groupId) {
      const answer = answers[Math.min(next++, answers.length - 1)];
      if (answer instanceof Error) return Promise.reject(answer);
      const description: GroupDescription = {
        groupId,
        state: answer.members.length > 0 ? 'Stable' : 'Empty',
        protocol: 'consumer',
        coordinator: '127.0.0.1:9092',
        members: answer.members,
        rows: answer.rows,
      };
      const logStartOffsets = new Map((answer.logStart ?? []).map(([p, o]) => [partitionKeyOf('orders', p), o]));
      return Promise.resolve({ description, logStartOffsets });
    },
  };
}

async function record(answers: Answer[], samples: number): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kot-rec-'));
  const file = path.join(dir, 'g.offsets-trace.jsonl');
  const recording = startRecording({
    groupId: 'g',
    file,
    intervalMs: 10,
    bootstrapServers: 'localhost:9092',
    sampler: scripted(answers),
    onProgress: (p) => {
      if (p.samples + p.gaps >= samples) void recording.stop();
    },
  });
  const progress = await recording.done;
  assert.equal(progress.samples + progress.gaps, samples);
  return file;
}

describe('Recording a group', () => {
  const a = member('m-a', 'app', [0, 1]);
  const a2 = member('m-a', 'app', [0]);
  const b = member('m-b', 'app', [1]);

  it('writes a trace file that opens with one step per sample, commits as effects and a gap for a failed sample', async () => {
    const file = await record(
      [
        { members: [a], rows: [row(0, 5, 10, a), row(1, null, 4, a)] },
        { members: [a], rows: [row(0, 8, 12, a), row(1, 2, 4, a)] },
        new Error('no answer within 1000 ms from localhost:9092'),
        { members: [a2, b], rows: [row(0, 9, 12, a2), row(1, 3, 4, b)] },
      ],
      4,
    );
    const loaded = await loadTraceFile(file);
    assert.equal(loaded.kind, 'trace');
    const { trace } = loaded;
    assert.equal(loaded.header?.origin.kind, 'recording');
    assert.deepEqual(trace.kinds, ['sample', 'sample', 'gap', 'sample']);
    assert.equal(trace.steps[1].offsetCommitted, 8);
    assert.deepEqual(trace.steps[1].commits, [
      { topic: 'orders', partition: 0, offset: 8 },
      { topic: 'orders', partition: 1, offset: 2 },
    ]);
    assert.match(trace.steps[2].action, /^Gap .*no answer within 1000 ms/);
    assert.deepEqual(trace.states[2].partitions, trace.states[1].partitions, 'a gap keeps the last state');
    // the second member with the same client id gets its own name; the debugger shows both as threads
    const last = trace.states[3];
    assert.deepEqual(
      last.consumers.map((c) => [c.id, c.status, c.assignment.map((tp) => tp.partition)]),
      [
        ['app', 'running', [0]],
        ['app#2', 'running', [1]],
      ],
    );
    assert.equal(last.partitions.find((p) => p.partition === 1)?.owner, 'app#2');
    const rebalance = findKeyMoments(trace).filter((m) => m.kind === 'rebalance');
    assert.equal(rebalance.length, 1);
    assert.equal(rebalance[0].step, 4);
    assert.match(rebalance[0].text, /app#2 joined; orders-1 app → app#2/);
  });

  it('finds a commit going backwards, a committed offset below the log start and a stall', async () => {
    const answers: Answer[] = [
      { members: [a], rows: [row(0, 50, 60, a), row(1, 3, 9, a)] },
      { members: [a], rows: [row(0, 20, 60, a), row(1, 3, 9, a)], logStart: [[1, 5]] },
    ];
    const file = await record([...answers, ...Array(5).fill(answers[1])], 7);
    const { trace } = await loadTraceFile(file);
    const moments = findKeyMoments(trace);
    const rewind = moments.find((m) => m.kind === 'rewind');
    assert.ok(rewind, 'a rewind');
    assert.equal(rewind.step, 2);
    assert.equal(rewind.offset, 20);
    const lost = moments.find((m) => m.kind === 'retention-loss');
    assert.ok(lost, 'a retention loss');
    assert.equal(lost.partition, 1);
    assert.match(lost.text, /committed offset 3 of orders-1 is below its log start 5: 2 records were deleted/);
    const stalls = moments.filter((m) => m.kind === 'stall').map((m) => [m.partition, m.step]);
    // orders-1 sat at 3 from step 1, orders-0 at 20 from step 2: five samples each
    assert.deepEqual(stalls, [
      [1, 5],
      [0, 6],
    ]);
  });

  it('leaves a file whose complete lines open when the last line was cut off (a crash)', async () => {
    const file = await record([{ members: [a], rows: [row(0, 5, 10, a)] }], 3);
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, text.slice(0, text.length - 20));
    const loaded = await loadTraceFile(file);
    assert.equal(loaded.trace.steps.length, 2);
    assert.ok(loaded.warnings.some((w) => /incomplete last line/.test(w)));
  });

  it('rejects when the file cannot be created', async () => {
    const recording = startRecording({
      groupId: 'g',
      file: path.join(os.tmpdir(), 'no-such-dir-kot', 'x.jsonl'),
      intervalMs: 10,
      durationMs: 0,
      bootstrapServers: 'localhost:9092',
      sampler: scripted([{ members: [], rows: [] }]),
    });
    await assert.rejects(recording.done, /ENOENT/);
  });
  it('refuses, before starting, a share or streams group and an unknown one; a consumer group may be recorded', async () => {
    const answer = (type: string) => ({
      describeAnyGroup: async (groupId: string) => {
        if (type === 'none') throw new KafkaOperationError('unknownGroup', `Group ${groupId} not found.`);
        return { type, groupId } as unknown as AnyGroupDescription;
      },
    });
    assert.equal(await recordingRefusal(answer('consumer'), 'g'), undefined);
    assert.equal(await recordingRefusal(answer('classic'), 'g'), undefined);
    assert.match(
      (await recordingRefusal(answer('share'), 'g')) ?? '',
      /^group "g" is a share group: recording share and streams groups is not supported yet/,
    );
    assert.match((await recordingRefusal(answer('streams'), 'g')) ?? '', /is a streams group/);
    await assert.rejects(recordingRefusal(answer('none'), 'g'), /^KafkaOperationError: Group g not found\.$/);
  });
});
