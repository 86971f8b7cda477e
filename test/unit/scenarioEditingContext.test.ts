// Where the cursor is in a (possibly half-typed) scenario file: what completion should offer and what a
// hover points at. Each case writes the file with `|` at the cursor.

import * as assert from 'node:assert/strict';
import {
  completionContextAt,
  hoverTargetAt,
  sectionAt,
  wordAt,
  type TextPosition,
} from '../../src/vscode/scenarioEditing/scenarioCursorContext';
import { isConsumerlessVerb } from '../../src/vscode/scenarioEditing/scenarioCompletions';

/** The lines of `text` and the position of its `|` (removed). */
function at(text: string): { lines: string[]; position: TextPosition } {
  const lines = text.split('\n');
  const line = lines.findIndex((entry) => entry.includes('|'));
  assert.ok(line >= 0, 'the case marks the cursor with |');
  const character = lines[line].indexOf('|');
  lines[line] = lines[line].replace('|', '');
  return { lines, position: { line, character } };
}

function completion(text: string): ReturnType<typeof completionContextAt> {
  const { lines, position } = at(text);
  return completionContextAt(lines, position, isConsumerlessVerb);
}

function hover(text: string): ReturnType<typeof hoverTargetAt> {
  const { lines, position } = at(text);
  return hoverTargetAt(lines, position, isConsumerlessVerb);
}

const head = `name: demo
topics:
  orders: { partitions: 2, records: 3 }
consumers:
  c1: { enable.auto.commit: false, max.poll.records: 1 }
  c2:
    auto.offset.reset: earliest
`;

describe('scenario editing: cursor context', () => {
  describe('actions', () => {
    it('after "- " the first word of an action (consumer, consumer-less verb or repeat)', () => {
      assert.deepEqual(completion(`${head}actions:\n  - |`), { kind: 'actionStart', prefix: '' });
      assert.deepEqual(completion(`${head}actions:\n  - c|`), { kind: 'actionStart', prefix: 'c' });
      // A sequence may sit at the key's own indentation.
      assert.deepEqual(completion(`${head}actions:\n- wa|`), { kind: 'actionStart', prefix: 'wa' });
    });

    it('after a consumer id, its verb; inside a repeat block too', () => {
      assert.deepEqual(completion(`${head}actions:\n  - c1 |`), { kind: 'consumerVerb', consumer: 'c1', prefix: '' });
      assert.deepEqual(completion(`${head}actions:\n  - repeat 3:\n      - c2 co|`), {
        kind: 'consumerVerb',
        consumer: 'c2',
        prefix: 'co',
      });
    });

    it('arguments of consumer verbs and of verbs that take no consumer', () => {
      assert.deepEqual(completion(`${head}actions:\n  - c1 seek |`), {
        kind: 'verbArgument',
        verb: 'seek',
        consumer: 'c1',
        argumentIndex: 0,
        prefix: '',
      });
      assert.deepEqual(completion(`${head}actions:\n  - produce orders-0 |`), {
        kind: 'verbArgument',
        verb: 'produce',
        consumer: undefined,
        argumentIndex: 1,
        prefix: '',
      });
      assert.deepEqual(completion(`${head}actions:\n  - c1 commitSync orders-0=3 ord|`), {
        kind: 'verbArgument',
        verb: 'commitSync',
        consumer: 'c1',
        argumentIndex: 1,
        prefix: 'ord',
      });
    });

    it('nothing inside a label, a comment, an offset being typed or the repeat line', () => {
      assert.equal(completion(`${head}actions:\n  - c1 poll "Read |`), undefined);
      assert.equal(completion(`${head}actions:\n  - c1 poll 'Read |`), undefined);
      assert.equal(completion(`${head}actions:\n  - c1 poll # a |`), undefined);
      assert.equal(completion(`${head}actions:\n  - c1 commitSync orders-0=|`), undefined);
      assert.equal(completion(`${head}actions:\n  - repeat |`), undefined);
      assert.equal(completion(`${head}actions:\n  |`), undefined);
    });
  });

  describe('settings', () => {
    it('a key inside a consumer flow mapping, after { or ,', () => {
      assert.deepEqual(completion(`topics: {}\nconsumers:\n  c1: { enable.auto.commit: false, max.p| }`), {
        kind: 'settingKey',
        owner: { section: 'consumers', consumer: 'c1' },
        prefix: 'max.p',
      });
      assert.deepEqual(completion(`consumers:\n  c1: {| }`), {
        kind: 'settingKey',
        owner: { section: 'consumers', consumer: 'c1' },
        prefix: '',
      });
    });

    it('a flow mapping spread over several lines', () => {
      assert.deepEqual(completion(`consumers:\n  c1: {\n    enable.auto.commit: false,\n    |\n  }`), {
        kind: 'settingKey',
        owner: { section: 'consumers', consumer: 'c1' },
        prefix: '',
      });
    });

    it('a key or a value in a block mapping under the consumer', () => {
      assert.deepEqual(completion(`${head}    isol|`), {
        kind: 'settingKey',
        owner: { section: 'consumers', consumer: 'c2' },
        prefix: 'isol',
      });
      assert.deepEqual(completion(`${head}    isolation.level: read_|`), {
        kind: 'settingValue',
        owner: { section: 'consumers', consumer: 'c2' },
        key: 'isolation.level',
        prefix: 'read_',
      });
      assert.deepEqual(completion(`consumers:\n  c1: { auto.offset.reset: |`), {
        kind: 'settingValue',
        owner: { section: 'consumers', consumer: 'c1' },
        key: 'auto.offset.reset',
        prefix: '',
      });
    });

    it('nothing while typing a consumer id, or after a closed flow mapping', () => {
      assert.equal(completion(`consumers:\n  c|`), undefined);
      assert.equal(completion(`consumers:\n  c1: { a: 1 }\n  c2: { b: 2 } |`), undefined);
      assert.equal(completion(`consumers:\n  c1: { a: "x, |`), undefined);
    });

    it('group settings in the group mapping, topic keys under a topic', () => {
      assert.deepEqual(completion(`group: { id: orders-app, group.consumer.| }`), {
        kind: 'settingKey',
        owner: { section: 'group' },
        prefix: 'group.consumer.',
      });
      assert.deepEqual(completion(`group:\n  id: orders-app\n  |`), {
        kind: 'settingKey',
        owner: { section: 'group' },
        prefix: '',
      });
      assert.equal(completion(`group: orders-app |`), undefined);
      assert.deepEqual(completion(`topics:\n  orders: { partitions: 2, |`), {
        kind: 'settingKey',
        owner: { section: 'topics', topic: 'orders' },
        prefix: '',
      });
    });

    it('top-level keys at column 0, and nothing in free text', () => {
      assert.deepEqual(completion(`${head}act|`), { kind: 'topLevelKey', prefix: 'act' });
      assert.deepEqual(completion(`${head}|`), { kind: 'topLevelKey', prefix: '' });
      assert.equal(completion(`summary: Read |`), undefined);
      assert.equal(completion(`name: |`), undefined);
    });
  });

  describe('hover targets', () => {
    it('a consumer setting, in flow or block style', () => {
      assert.deepEqual(hover(`${head}`.replace('max.poll.records', 'max.po|ll.records')), {
        kind: 'setting',
        section: 'consumers',
        key: 'max.poll.records',
        line: 4,
        start: 35,
        end: 51,
      });
      const block = hover(`${head}`.replace('    auto.offset.reset', '    auto.|offset.reset'));
      assert.equal(block?.kind === 'setting' && block.key, 'auto.offset.reset');
    });

    it('a consumer id under consumers:, a group setting, a topic key', () => {
      assert.equal(hover(`consumers:\n  c|1: { a: 1 }`)?.kind, 'consumer');
      assert.deepEqual(
        (({ kind, key }) => ({ kind, key }))(
          hover(`group: { id: g, group.consumer.session.ti|meout.ms: 6000 }`) as { kind: string; key: string },
        ),
        { kind: 'setting', key: 'group.consumer.session.timeout.ms' },
      );
      assert.equal(hover(`topics:\n  orders: { parti|tions: 2 }`)?.kind, 'setting');
    });

    it('a setting value or a top-level key is not a target', () => {
      assert.equal(hover(`consumers:\n  c1: { auto.offset.reset: earl|iest }`), undefined);
      assert.equal(hover(`na|me: demo`), undefined);
    });

    it('in an action: the verb, the consumer, a partition, repeat', () => {
      assert.deepEqual(hover(`${head}actions:\n  - c1 po|ll`), {
        kind: 'verb',
        verb: 'poll',
        line: 8,
        start: 7,
        end: 11,
      });
      assert.deepEqual(hover(`${head}actions:\n  - wa|it 6s`), {
        kind: 'verb',
        verb: 'wait',
        line: 8,
        start: 4,
        end: 8,
      });
      assert.deepEqual(hover(`${head}actions:\n  - |c2 close`), {
        kind: 'consumer',
        consumer: 'c2',
        line: 8,
        start: 4,
        end: 6,
      });
      assert.deepEqual(hover(`${head}actions:\n  - c1 commitSync ord|ers-1=4`), {
        kind: 'partition',
        partition: 'orders-1',
        line: 8,
        start: 18,
        end: 26,
      });
      assert.deepEqual(hover(`${head}actions:\n  - rep|eat 2:`), { kind: 'repeat', line: 8, start: 4, end: 10 });
      assert.equal(hover(`${head}actions:\n  - c1 poll "a po|ll"`), undefined);
      assert.equal(hover(`${head}actions:\n  - wait 6|s`), undefined);
    });
  });

  it('wordAt takes setting names, partitions and their offsets whole', () => {
    assert.deepEqual(wordAt('  - c1 seek orders-0 5', 14), { text: 'orders-0', start: 12, end: 20 });
    assert.deepEqual(wordAt('a.b.c: 1', 5), { text: 'a.b.c', start: 0, end: 5 });
    assert.equal(wordAt('  - ', 2), undefined);
    assert.equal(wordAt('', 0), undefined);
  });

  it('sectionAt finds the top-level key above, skipping comments and column-0 list items', () => {
    const lines = ['name: x', 'actions:', '# a comment', '- c1 poll', '  - c1 poll'];
    assert.deepEqual(sectionAt(lines, 4), { name: 'actions', line: 1 });
    assert.deepEqual(sectionAt(lines, 0), { name: 'name', line: 0 });
    assert.equal(sectionAt(['just text', '  - c1'], 1), undefined);
  });
});
