// Trace files (docs/design.md#trace-files): every built-in scenario written and read back equals
// its trace and gives the same bytes again; steps are changes, not whole states; files of other
// tools (only `demo --json` fields) are read; bad, newer or truncated files are refused by line.

import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { builtInScenarios, findScenario } from '../../src/scenarios/builtInScenarios';
import { runScenario } from '../../src/trace/trace';
import {
  encodeTrace,
  isTraceFileHeader,
  TraceFileDecoder,
  stepsKeptWhole,
  TraceFileError,
  traceFileFormat,
} from '../../src/trace/traceFile';
import { statusTracker } from '../../src/trace/executionTable';
import { longScenario } from '../support/longScenario';
import { readTraceFile, writeTraceFile } from '../../src/trace/traceFileIo';
import { offsetsAt } from '../../src/trace/offsetsView';
import { findKeyMoments } from '../../src/trace/keyMoments';

function decode(lines: readonly string[]) {
  const decoder = new TraceFileDecoder();
  for (const line of lines) decoder.acceptLine(line);
  return decoder.finish();
}

describe('trace files', () => {
  let folder: string;
  before(() => (folder = mkdtempSync(path.join(tmpdir(), 'offset-trace-files-'))));
  after(() => rmSync(folder, { recursive: true, force: true }));

  for (const scenario of builtInScenarios()) {
    it(`${scenario.name}: written and read back, the same trace; written again, the same bytes`, async () => {
      const trace = runScenario(scenario);
      const file = path.join(folder, `${scenario.name}.offsets-trace.jsonl`);
      await writeTraceFile(file, trace, { kind: 'scenario', name: scenario.name, builtIn: true });
      const { header, trace: read } = await readTraceFile(file);
      assert.equal(header.format, traceFileFormat);
      assert.equal(header.version, 1);
      assert.equal(header.steps, trace.steps.length);
      assert.deepEqual(read.steps, trace.steps);
      assert.deepEqual(read.kinds, trace.kinds);
      assert.deepEqual(read.states, trace.states);
      assert.deepEqual(read.effects, trace.effects);
      assert.deepEqual(findKeyMoments(read), findKeyMoments(trace));
      const first = readFileSync(file, 'utf8');
      const again = path.join(folder, `${scenario.name}.again.jsonl`);
      await writeTraceFile(again, read, header.origin);
      assert.equal(readFileSync(again, 'utf8'), first, 'byte-stable');
      assert.equal(first.split('\n').length, trace.steps.length + 2, 'a header, a line per step, a final newline');
    });
  }

  it('reads CRLF and lone-CR line ends, a CRLF split between two read chunks included', async () => {
    const trace = runScenario(findScenario('commit-after-process') ?? assert.fail());
    const [header, ...steps] = [...encodeTrace(trace, { kind: 'scenario', name: 'seed' })];
    // Pad the header's summary so that its CR is the last character of the first 1 MiB chunk.
    const chunk = 1 << 20;
    const padded = header.replace('"summary":"', `"summary":"${' '.repeat(chunk - 1 - header.length)}`);
    assert.equal(padded.length, chunk - 1);
    const crlf = path.join(folder, 'crlf.offsets-trace.jsonl');
    writeFileSync(crlf, [padded, ...steps].join('\r\n') + '\r\n');
    const read = await readTraceFile(crlf);
    assert.deepEqual(read.trace.steps, trace.steps);
    assert.deepEqual(read.trace.states, trace.states);
    // Line numbers count the split CRLF once: a broken third line is reported as line 3.
    writeFileSync(crlf, [padded, steps[0], '{"step": "two"}', ...steps.slice(2)].join('\r\n') + '\r\n');
    await assert.rejects(readTraceFile(crlf), (error: Error) => error.message.startsWith(`${crlf}:3: `));
    const lone = path.join(folder, 'cr.offsets-trace.jsonl');
    writeFileSync(lone, [header, ...steps].join('\r'));
    assert.deepEqual((await readTraceFile(lone)).trace.steps, trace.steps, 'a lone CR ends a line too');
  });

  it('a long trace read back keeps its rows in columns and decodes its states again from the file', async () => {
    const trace = runScenario(longScenario(10_000, 7));
    assert.ok(trace.steps.length > stepsKeptWhole);
    const file = path.join(folder, 'long.offsets-trace.jsonl');
    await writeTraceFile(file, trace, { kind: 'scenario', name: 'long' });
    const { trace: read } = await readTraceFile(file);
    assert.ok(read.columns, 'rows in columns');
    assert.equal(read.steps.length, trace.steps.length);
    // Backwards, then forwards across checkpoints, then jumps: every way the debugger reads.
    const indexes = [trace.steps.length - 1, 2048, 2047, 0, 1, 4095, 4096, 12_345, 777];
    for (let index = 0; index < trace.steps.length; index += 997) indexes.push(index);
    for (const index of indexes) {
      assert.deepEqual(read.steps[index], trace.steps[index], `row ${index + 1}`);
      assert.equal(read.kinds[index], trace.kinds[index], `kind ${index + 1}`);
      assert.deepEqual(read.states[index], trace.states[index], `state ${index + 1}`);
      assert.deepEqual(read.effects[index], trace.effects[index], `effects ${index + 1}`);
    }
    assert.deepEqual(findKeyMoments(read), findKeyMoments(trace));
    assert.deepEqual(statusTracker(read), statusTracker(trace));
    // Written again from what was read: the same bytes.
    const again = path.join(folder, 'long.again.jsonl');
    await writeTraceFile(again, read, { kind: 'scenario', name: 'long' });
    assert.equal(readFileSync(again, 'utf8'), readFileSync(file, 'utf8'));
    // A file changed after it was opened is refused, not misread.
    writeFileSync(file, readFileSync(file, 'utf8').replace('"step":10001,', '"step":10001, '));
    assert.throws(() => read.states[10_000], /changed on disk since it was opened; open it again/);
  });

  it('a long trace file with CRLF ends, text of several bytes a character and bytes that are not UTF-8 reads back exactly', async () => {
    const trace = runScenario(longScenario(10_000, 7));
    const file = path.join(folder, 'long-bytes.offsets-trace.jsonl');
    await writeTraceFile(file, trace, { kind: 'scenario', name: 'long' });
    // Every "Read message" becomes a label of 2-, 3- and 4-byte characters, every line ends in CRLF,
    // and step 5's label holds a byte that is not UTF-8 (decoded as U+FFFD, one character for one byte).
    const label = 'Read mëssage ✓ 🐟';
    const text = readFileSync(file, 'utf8').replaceAll('"action":"Read message"', `"action":"${label}"`);
    const bytes = Buffer.from(text.replaceAll('\n', '\r\n'), 'utf8');
    const fifth = bytes.indexOf('{"step":5,');
    const labelAt = bytes.indexOf(label, fifth);
    bytes[labelAt + 1] = 0xff;
    writeFileSync(file, bytes);
    const { trace: read } = await readTraceFile(file);
    assert.ok(read.columns);
    const expectedRow = (index: number) => {
      const row = trace.steps[index];
      if (row.action !== 'Read message') return row;
      return { ...row, action: index === 4 ? `R\ufffd${label.slice(2)}` : label };
    };
    for (const index of [4, 1, 2047, 2048, 4096, 9_999, 10_000, trace.steps.length - 1]) {
      assert.deepEqual(read.steps[index], expectedRow(index), `row ${index + 1}`);
      assert.deepEqual(read.states[index], trace.states[index], `state ${index + 1}`);
      assert.deepEqual(read.effects[index], trace.effects[index], `effects ${index + 1}`);
    }
    // Appended to (a recording still being written): what was read still reads.
    writeFileSync(file, Buffer.concat([bytes, Buffer.from('\r\n')]));
    assert.deepEqual(read.states[12_000], trace.states[12_000]);
  });

  it('a long trace of another tool (rows only, its own texts) is read back row for row', async () => {
    const rows = Array.from({ length: stepsKeptWhole + 10 }, (_, index) => ({
      step: index + 1,
      action: index % 2 === 0 ? 'poll' : 'process',
      offsetRead: index,
      messageProcessed: index % 3 === 0 ? `record ${index}` : index % 3 === 1 ? `Message at offset ${index}` : null,
      offsetCommitted: null,
      nextOffsetToRead: 0,
      consumer: 'c1',
      topic: 't',
      partition: 0,
      position: index + 1,
      logEndOffset: 100_000,
      lag: null,
      ...(index % 5 === 0 ? { column: 4 } : {}),
    }));
    const header = { format: traceFileFormat, version: 1, origin: { kind: 'broker-run' }, scenario: { name: 'x' } };
    const file = path.join(folder, 'other-long.offsets-trace.jsonl');
    writeFileSync(file, [header, ...rows].map((line) => JSON.stringify(line)).join('\n') + '\n');
    const { trace } = await readTraceFile(file);
    assert.ok(trace.columns);
    for (const index of [0, 1, 2, 3, 5, 2049, rows.length - 1]) {
      assert.deepEqual(trace.steps[index], rows[index], `row ${index + 1}`);
      assert.equal(trace.kinds[index], 'external');
    }
    assert.equal(trace.states[rows.length - 1].consumers[0].partitions[0].position, rows.length);
  });

  it('leaves no temporary file behind, and replaces an existing file whole', async () => {
    const trace = runScenario(findScenario('rebalance') ?? assert.fail());
    const file = path.join(folder, 'replace.offsets-trace.jsonl');
    writeFileSync(file, 'old content\n');
    await writeTraceFile(file, trace, { kind: 'scenario', name: 'rebalance' });
    assert.ok(isTraceFileHeader(readFileSync(file, 'utf8').split('\n')[0]));
    assert.deepEqual(
      readdirSync(folder).filter((name) => name.endsWith('.tmp')),
      [],
    );
  });

  it('a step line is a change: after the first step, only the fields that changed are written', () => {
    const trace = runScenario(findScenario('commit-after-process') ?? assert.fail());
    const lines = [...encodeTrace(trace, { kind: 'scenario', name: 'seed' })].map(
      (line) => JSON.parse(line) as Record<string, unknown>,
    );
    assert.ok('state' in lines[1] && !('delta' in lines[1]), 'step 1 carries the whole state');
    for (const line of lines.slice(2)) assert.equal(line.state, undefined);
    // Step 5 reads offset 1: only c1's view of orders-0 and its polled records change, nothing of the partition.
    type Patch = Record<string, Record<string, unknown>>;
    const delta = lines[5].delta as Patch;
    assert.deepEqual(Object.keys(delta['{']), ['consumers']);
    const consumer = ((delta['{'].consumers as Patch)['['] as Record<string, Patch>)['0']['{'];
    assert.deepEqual(Object.keys(consumer).sort(), ['partitions', 'pending']);
    const view = ((consumer.partitions as Patch)['['] as Record<string, Patch>)['0']['{'];
    // consumerLag is the consumer's own lag, log end 3 − position: 2 before this poll, 1 after it.
    assert.deepEqual(view, { offsetRead: 1, recordInHand: 1, position: 2, consumerLag: 1 });
    // Step 2 is the first poll, which joins the group: its line adds c1's assignment, its view of the
    // partition and the group's state (the whole of what is new), not the rest of the state again.
    const join = lines[2].delta as Patch;
    assert.deepEqual(Object.keys(join['{']).sort(), ['consumers', 'groupState', 'partitions']);
    const joined = ((join['{'].consumers as Patch)['['] as Record<string, Patch>)['0']['{'];
    assert.deepEqual(Object.keys(joined).sort(), ['assignment', 'partitions', 'pending', 'phase']);
    // Every other step changes a few fields only.
    const longest = Math.max(...lines.slice(3).map((line) => JSON.stringify(line).length));
    assert.ok(longest < 700, `the longest step line after the join is ${longest} bytes`);
  });

  it('reads a file of another tool that has only the fields of demo --json', () => {
    const trace = runScenario(findScenario('commit-after-process') ?? assert.fail());
    const foreign = [
      JSON.stringify({ format: traceFileFormat, version: 1, origin: { kind: 'recording' } }),
      ...trace.steps.map((step) =>
        JSON.stringify({
          step: step.step,
          action: step.action,
          offsetRead: step.offsetRead,
          messageProcessed: step.messageProcessed,
          offsetCommitted: step.offsetCommitted,
          nextOffsetToRead: step.nextOffsetToRead,
          consumer: step.consumer,
          topic: step.topic,
          partition: step.partition,
          position: step.position,
          logEndOffset: step.logEndOffset,
          lag: step.lag,
        }),
      ),
    ];
    const { trace: read } = decode(foreign);
    assert.deepEqual(
      read.steps.map((s) => [s.offsetRead, s.offsetCommitted, s.nextOffsetToRead]),
      trace.steps.map((s) => [s.offsetRead, s.offsetCommitted, s.nextOffsetToRead]),
    );
    assert.equal(read.kinds[0], 'external');
    // The Offsets tree (and the debugger's variables) show what the row says; the row has no consumer
    // lag (nor the isolation level to work it out), so Consumer Lag is unknown.
    const view = offsetsAt(read, 6)[0].partitions[0].variables;
    assert.deepEqual(
      view.map((v) => `${v.name}=${v.value}`),
      [
        'Offset Read=1',
        'Offset Committed=2',
        'Next Offset to Read=2',
        'Position=2',
        'Log End Offset=3',
        'Lag=1',
        'Consumer Lag=-',
      ],
    );
  });

  it('refuses a newer version, a wrong format, bad lines and a truncated file, naming the line', () => {
    const trace = runScenario(findScenario('commit-after-process') ?? assert.fail());
    const lines = [...encodeTrace(trace, { kind: 'scenario', name: 'seed' })];
    const newer = JSON.stringify({ ...JSON.parse(lines[0]), version: 2 });
    assert.throws(() => decode([newer, ...lines.slice(1)]), /line 1: trace file version 2 is newer .* \(1\): update/);
    assert.throws(() => decode(['{"format":"other"}']), /line 1: not a trace file/);
    assert.throws(() => decode(['not json']), /line 1: not a trace file: the first line is not JSON/);
    assert.throws(() => decode([lines[0], lines[1], '{broken']), /line 3: not valid JSON/);
    assert.throws(() => decode([lines[0], lines[2]]), /line 2: "step" must be 1/);
    assert.throws(() => decode(lines.slice(0, 5)), /announces 11 steps but the file holds 4/);
    assert.throws(() => decode([]), TraceFileError);
    const badField = JSON.stringify({ ...JSON.parse(lines[1]), offsetRead: 'zero' });
    assert.throws(() => decode([lines[0], badField]), /line 2: "offsetRead" must be a number or null/);
  });

  it('readTraceFile names the file and line of a problem', async () => {
    const file = path.join(folder, 'broken.offsets-trace.jsonl');
    writeFileSync(
      file,
      `${JSON.stringify({ format: traceFileFormat, version: 1, origin: { kind: 'scenario', name: 'x' } })}\n{oops\n`,
    );
    await assert.rejects(
      readTraceFile(file),
      (error: Error) => error.message === `${file}:2: not valid JSON (a step line is one JSON object)`,
    );
    await assert.rejects(
      readTraceFile(path.join(folder, 'missing.jsonl')),
      /missing\.jsonl: cannot read it \(ENOENT\)/,
    );
  });

  it('the JSON schema of trace lines documents every field the writer emits', () => {
    const schema = JSON.parse(
      readFileSync(path.resolve(__dirname, '../../media/schemas/offsets-trace.schema.json'), 'utf8'),
    ) as {
      $defs: Record<string, { required: string[]; properties: Record<string, unknown> }>;
    };
    for (const scenario of builtInScenarios()) {
      const [header, ...steps] = [...encodeTrace(runScenario(scenario), { kind: 'scenario', name: scenario.name })].map(
        (line) => JSON.parse(line) as Record<string, unknown>,
      );
      for (const [line, definition] of [
        [header, schema.$defs.header],
        ...steps.map((step) => [step, schema.$defs.step] as const),
      ] as const) {
        for (const required of definition.required) assert.ok(required in line, `${scenario.name}: ${required}`);
        for (const key of Object.keys(line))
          assert.ok(key in definition.properties, `${scenario.name}: ${key} is in the schema`);
      }
    }
  });

  it('a recording cut off mid-line by a crash keeps every complete line; any other file with a broken line is refused', () => {
    const trace = runScenario(findScenario('commit-after-process') ?? assert.fail());
    const [, ...steps] = [...encodeTrace(trace, { kind: 'scenario', name: 'seed' })];
    const recordingHeader = JSON.stringify({ format: traceFileFormat, version: 1, origin: { kind: 'recording' } });
    const cut = steps[5].slice(0, 40);
    const { trace: read, warnings } = decode([recordingHeader, ...steps.slice(0, 5), cut]);
    assert.equal(read.steps.length, 5);
    assert.deepEqual(warnings, ['line 7: an incomplete last line (the recording was cut off) was left out']);
    assert.throws(() => decode([recordingHeader, ...steps.slice(0, 5), cut, steps[5]]), /line 7: not valid JSON/);
    const scenarioHeader = JSON.stringify({ format: traceFileFormat, version: 1, origin: { kind: 'scenario' } });
    assert.throws(() => decode([scenarioHeader, ...steps.slice(0, 5), cut]), /line 7: not valid JSON/);
  });

  it('a trace of another tool moves a partition to the consumer that acts on it next', () => {
    const header = JSON.stringify({ format: traceFileFormat, version: 1, origin: { kind: 'recording' } });
    const row = (step: number, consumer: string, committed: number | null) =>
      JSON.stringify({
        step,
        action: 'Poll',
        offsetRead: 0,
        messageProcessed: null,
        offsetCommitted: committed,
        nextOffsetToRead: 0,
        consumer,
        topic: 'orders',
        partition: 1,
        position: 0,
        logEndOffset: 3,
        lag: null,
      });
    const { trace } = decode([header, row(1, 'c1', null), row(2, 'c2', 1)]);
    const last = trace.states[1].consumers;
    assert.deepEqual(
      last.map((c) => [c.id, c.partitions.map((p) => p.partition)]),
      [
        ['c1', []],
        ['c2', [1]],
      ],
    );
  });
});
