// What completion and hover offer in scenario files (verbs, consumers, partitions, Kafka settings with
// their meaning and default), the file outline they read, the 1-based → 0-based diagnostic ranges,
// file names, and the New Scenario starter file (it parses with no diagnostic at all).

import * as assert from 'node:assert/strict';
import { parseScenarioFile } from '../../src/scenarios/scenarioFile';
import { scenarioVerbs } from '../../src/scenarios/scenarioVocabulary';
import { toZeroBasedRange } from '../../src/vscode/scenarioEditing/diagnosticRanges';
import { scenarioCompletions } from '../../src/vscode/scenarioEditing/scenarioCompletions';
import { hoverMarkdown } from '../../src/vscode/scenarioEditing/scenarioDocs';
import {
  baseName,
  freshScenarioName,
  isScenarioFileName,
  scenarioFileGlob,
} from '../../src/vscode/scenarioEditing/scenarioFileNames';
import { partitionNames, scenarioOutline } from '../../src/vscode/scenarioEditing/scenarioOutline';
import { starterScenarioText } from '../../src/vscode/scenarioEditing/starterScenario';

const file = `name: demo
group: { id: orders-app, group.consumer.session.timeout.ms: 6000 }
topics:
  orders: { partitions: 2, records: 3 }
  payments: { records: [1, 0, 4] }
consumers:
  c1: { enable.auto.commit: false, max.poll.records: 1 }
  c2:
actions:
  - c1 start
  - c1 pol
`;
const outline = scenarioOutline(file);

function labels(items: readonly { label: string }[]): string[] {
  return items.map((item) => item.label);
}

describe('scenario editing: completion and hover', () => {
  it('the outline reads consumers, their settings, topics and partitions, even from a broken file', () => {
    assert.deepEqual(outline.consumers, [
      { id: 'c1', settings: ['enable.auto.commit', 'max.poll.records'] },
      { id: 'c2', settings: [] },
    ]);
    assert.deepEqual(
      outline.topics.map((topic) => [topic.name, topic.partitions]),
      [
        ['orders', 2],
        ['payments', 3],
      ],
    );
    assert.deepEqual(outline.groupSettings, ['group.consumer.session.timeout.ms']);
    assert.deepEqual(partitionNames(outline), ['orders-0', 'orders-1', 'payments-0', 'payments-1', 'payments-2']);
    const broken = scenarioOutline('topics:\n  orders: { partitions: 2\nconsumers:\n  c1: {}\nactions:\n  - c1 [');
    assert.ok(Array.isArray(broken.consumers), 'a broken file still gives an outline');
    assert.deepEqual(scenarioOutline('- just a list'), { consumers: [], topics: [], groupSettings: [], keys: [] });
  });

  it('after "- ": the declared consumers, the verbs that take no consumer, repeat', () => {
    const items = scenarioCompletions({ kind: 'actionStart', prefix: '' }, outline);
    const consumerless = scenarioVerbs.filter((verb) => !verb.takesConsumer).map((verb) => verb.name);
    assert.deepEqual(labels(items), ['c1', 'c2', ...consumerless, 'repeat']);
    const c1 = items[0];
    assert.equal(c1.insertText, 'c1 ');
    assert.equal(c1.retrigger, true, 'choosing a consumer opens its verbs');
    assert.equal(items.find((item) => item.label === 'repeat')?.insertText, 'repeat 3:');
    assert.deepEqual(
      items.map((item) => item.sortText),
      [...items.map((item) => item.sortText)].sort(),
      'offered in this order',
    );
  });

  it('after a consumer id: the consumer verbs with their forms as documentation', () => {
    const items = scenarioCompletions({ kind: 'consumerVerb', consumer: 'c1', prefix: '' }, outline);
    assert.deepEqual(
      labels(items),
      scenarioVerbs.filter((verb) => verb.takesConsumer).map((verb) => verb.name),
    );
    const poll = items.find((item) => item.label === 'poll');
    assert.equal(poll?.kind, 'verb');
    assert.match(poll?.documentation ?? '', /max\.poll\.records/);
    const seek = items.find((item) => item.label === 'seek');
    assert.equal(seek?.insertText, 'seek ', 'a verb that needs arguments is followed by a space');
    assert.equal(seek?.retrigger, true, '… and its partitions are offered');
  });

  it('partitions as verb arguments; partition= for commitSync; all and processed', () => {
    const seek = scenarioCompletions(
      { kind: 'verbArgument', verb: 'seek', consumer: 'c1', argumentIndex: 0, prefix: '' },
      outline,
    );
    assert.deepEqual(labels(seek), partitionNames(outline));
    assert.equal(seek[0].insertText, 'orders-0 ');
    const seekOffset = scenarioCompletions(
      { kind: 'verbArgument', verb: 'seek', consumer: 'c1', argumentIndex: 1, prefix: '' },
      outline,
    );
    assert.deepEqual(seekOffset, [], 'nothing to offer for an offset');
    const commit = scenarioCompletions(
      { kind: 'verbArgument', verb: 'commitSync', consumer: 'c1', argumentIndex: 0, prefix: '' },
      outline,
    );
    assert.deepEqual(labels(commit), [...partitionNames(outline).map((name) => `${name}=`), 'processed']);
    const second = scenarioCompletions(
      { kind: 'verbArgument', verb: 'commitSync', consumer: 'c1', argumentIndex: 2, prefix: '' },
      outline,
    );
    assert.deepEqual(
      labels(second),
      partitionNames(outline).map((name) => `${name}=`),
    );
    const produce = scenarioCompletions(
      { kind: 'verbArgument', verb: 'produce', consumer: undefined, argumentIndex: 0, prefix: 'ord' },
      outline,
    );
    assert.deepEqual(labels(produce), partitionNames(outline));
    const process = scenarioCompletions(
      { kind: 'verbArgument', verb: 'process', consumer: 'c1', argumentIndex: 0, prefix: '' },
      outline,
    );
    assert.deepEqual(labels(process), ['all']);
    const misplaced = scenarioCompletions(
      { kind: 'verbArgument', verb: 'produce', consumer: 'c1', argumentIndex: 0, prefix: '' },
      outline,
    );
    assert.deepEqual(misplaced, [], 'produce takes no consumer');
  });

  it("consumer settings: the simulated ones first, none already stated, each with Kafka's default", () => {
    const items = scenarioCompletions(
      { kind: 'settingKey', owner: { section: 'consumers', consumer: 'c1' }, prefix: '' },
      outline,
    );
    const names = labels(items);
    assert.deepEqual(names.slice(0, 3), ['auto.commit.interval.ms', 'auto.offset.reset', 'isolation.level']);
    assert.ok(!names.includes('max.poll.records'), 'already stated for c1');
    assert.ok(names.includes('session.timeout.ms'));
    const reset = items.find((item) => item.label === 'auto.offset.reset');
    assert.equal(reset?.insertText, 'auto.offset.reset: ');
    assert.equal(reset?.detail, 'one of earliest, latest, none, default latest (simulated)');
    assert.match(reset?.documentation ?? '', /Modelled by the simulator/);
    assert.equal(reset?.retrigger, true, 'its values follow');
    const forC2 = scenarioCompletions(
      { kind: 'settingKey', owner: { section: 'consumers', consumer: 'c2' }, prefix: '' },
      outline,
    );
    assert.equal(forC2[0].label, 'max.poll.records');
  });

  it('setting values: enum values and booleans, the default marked', () => {
    const values = scenarioCompletions(
      { kind: 'settingValue', owner: { section: 'consumers', consumer: 'c1' }, key: 'auto.offset.reset', prefix: '' },
      outline,
    );
    assert.deepEqual(labels(values), ['earliest', 'latest', 'none']);
    assert.equal(values[1].detail, "auto.offset.reset (Kafka's default)");
    const booleans = scenarioCompletions(
      { kind: 'settingValue', owner: { section: 'consumers', consumer: 'c1' }, key: 'enable.auto.commit', prefix: '' },
      outline,
    );
    assert.deepEqual(labels(booleans), ['true', 'false']);
    const number = scenarioCompletions(
      { kind: 'settingValue', owner: { section: 'consumers', consumer: 'c1' }, key: 'max.poll.records', prefix: '' },
      outline,
    );
    assert.deepEqual(number, []);
  });

  it('group settings (id first, stated ones left out), topic keys, missing top-level keys', () => {
    const group = labels(scenarioCompletions({ kind: 'settingKey', owner: { section: 'group' }, prefix: '' }, outline));
    assert.equal(group[0], 'id');
    assert.ok(group.includes('group.consumer.heartbeat.interval.ms'));
    assert.ok(!group.includes('group.consumer.session.timeout.ms'));
    const topic = labels(
      scenarioCompletions({ kind: 'settingKey', owner: { section: 'topics', topic: 'orders' }, prefix: '' }, outline),
    );
    assert.deepEqual(topic, ['logStart'], 'partitions and records are stated');
    const keys = labels(scenarioCompletions({ kind: 'topLevelKey', prefix: '' }, outline));
    assert.deepEqual(keys, ['title', 'summary']);
  });

  it('hover: a setting shows its meaning, type, default and whether it is simulated', () => {
    const maxPoll = hoverMarkdown({ kind: 'setting', section: 'consumers', key: 'max.poll.records' }, outline) ?? '';
    assert.match(maxPoll, /\*\*max\.poll\.records\*\*/);
    assert.match(maxPoll, /The most records one poll\(\) returns/);
    assert.match(maxPoll, /Kafka's default: `500`/);
    assert.match(maxPoll, /Modelled by the simulator/);
    // session.timeout.ms is modelled now (a crashed member keeps its partitions until it passes).
    const session = hoverMarkdown({ kind: 'setting', section: 'consumers', key: 'session.timeout.ms' }, outline) ?? '';
    assert.match(session, /^Modelled by the simulator\.$/m);
    assert.match(session, /refuses it with `group\.protocol=consumer`/);
    const remote =
      hoverMarkdown({ kind: 'setting', section: 'consumers', key: 'group.remote.assignor' }, outline) ?? '';
    assert.match(remote, /Not modelled by the simulator/);
    const group = hoverMarkdown(
      { kind: 'setting', section: 'group', key: 'group.consumer.session.timeout.ms' },
      outline,
    );
    assert.match(group ?? '', /Kafka group setting/);
    assert.equal(hoverMarkdown({ kind: 'setting', section: 'consumers', key: 'no.such.setting' }, outline), undefined);
  });

  it('hover: verbs, repeat, declared consumers and partitions (nothing for unknown ones)', () => {
    assert.match(hoverMarkdown({ kind: 'verb', verb: 'commitSync' }, outline) ?? '', /c1 commitSync orders-0=5/);
    assert.equal(hoverMarkdown({ kind: 'verb', verb: 'pol' }, outline), undefined);
    assert.match(hoverMarkdown({ kind: 'repeat' }, outline) ?? '', /runs the indented actions N times/);
    assert.match(hoverMarkdown({ kind: 'consumer', consumer: 'c1' }, outline) ?? '', /`max\.poll\.records`/);
    assert.match(hoverMarkdown({ kind: 'consumer', consumer: 'c2' }, outline) ?? '', /Kafka's defaults/);
    assert.equal(hoverMarkdown({ kind: 'consumer', consumer: 'c9' }, outline), undefined);
    assert.match(hoverMarkdown({ kind: 'partition', partition: 'payments-2' }, outline) ?? '', /partition 2 of topic/);
    assert.equal(hoverMarkdown({ kind: 'partition', partition: 'orders-2' }, outline), undefined);
  });

  it('diagnostic ranges: 1-based and end-exclusive become 0-based; nonsense is clamped', () => {
    assert.deepEqual(toZeroBasedRange({ line: 3, column: 5, endLine: 3, endColumn: 9 }), {
      startLine: 2,
      startCharacter: 4,
      endLine: 2,
      endCharacter: 8,
    });
    assert.deepEqual(toZeroBasedRange({ line: 2, column: 7, endLine: 4, endColumn: 1 }), {
      startLine: 1,
      startCharacter: 6,
      endLine: 3,
      endCharacter: 0,
    });
    assert.deepEqual(toZeroBasedRange({ line: 0, column: Number.NaN, endLine: -3, endColumn: 2 }), {
      startLine: 0,
      startCharacter: 0,
      endLine: 0,
      endCharacter: 1,
    });
    assert.deepEqual(toZeroBasedRange({ line: 5, column: 9, endLine: 5, endColumn: 3 }), {
      startLine: 4,
      startCharacter: 8,
      endLine: 4,
      endCharacter: 8,
    });
  });

  it('file names: *.offsets.yaml, and a fresh name for a new scenario', () => {
    assert.equal(isScenarioFileName('/w/orders.offsets.yaml'), true);
    assert.equal(isScenarioFileName('/w/orders.yaml'), false);
    assert.equal(isScenarioFileName('/w/orders.offsets-trace.jsonl'), false);
    assert.equal(scenarioFileGlob, '**/*.offsets.yaml');
    assert.equal(baseName('C:\\w\\a.offsets.yaml'), 'a.offsets.yaml');
    assert.equal(
      freshScenarioName(() => false),
      'new-scenario',
    );
    const taken = new Set(['new-scenario.offsets.yaml', 'new-scenario-2.offsets.yaml']);
    assert.equal(
      freshScenarioName((name) => taken.has(name)),
      'new-scenario-3',
    );
  });

  it('the starter file parses with no diagnostic and teaches group, topics, settings, repeat and a label', () => {
    const text = starterScenarioText('my-scenario');
    const parsed = parseScenarioFile(text, { fileName: 'my-scenario.offsets.yaml' });
    assert.deepEqual(parsed.diagnostics, []);
    assert.ok(parsed.scenario);
    assert.equal(parsed.scenario.name, 'my-scenario');
    assert.equal(parsed.scenario.group, 'orders-app');
    assert.deepEqual(parsed.scenario.consumers[0].config, {
      enableAutoCommit: false,
      autoOffsetReset: 'earliest',
      maxPollRecords: 1,
    });
    assert.equal(parsed.scenario.actions.length, 1 + 3 * 3 + 1, 'start, repeat 3 × (poll, process, commit), close');
    assert.equal(parsed.scenario.actions.at(-1)?.label, 'Stop consuming');
    assert.match(text, /^# /, 'it starts with a comment that explains the file');
    assert.match(text, /repeat 3:/);
  });
});
