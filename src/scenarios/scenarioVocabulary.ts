// The words of a scenario file: its verbs (with syntax and a one-line doc), its top-level keys and
// topic keys. The parser reads verbs from here; the editor offers them for completion and hover.

/** One way of writing a verb, e.g. `c1 commitSync orders-0=5 orders-1=7`. */
export interface VerbForm {
  /** How it is written, with `c1`, `orders-0` and numbers as placeholders. */
  readonly syntax: string;
  /** What it does, in one line. */
  readonly doc: string;
}

/** A verb of the `actions:` list. */
export interface ScenarioVerb {
  readonly name: string;
  /** Written after a consumer id (`c1 poll`); otherwise alone (`wait 6s`). */
  readonly takesConsumer: boolean;
  /** Its forms, the plain one first. */
  readonly forms: readonly VerbForm[];
}

/** Every verb, consumer verbs first, in the order the editor offers them. */
export const scenarioVerbs: readonly ScenarioVerb[] = [
  {
    name: 'start',
    takesConsumer: true,
    forms: [
      {
        syntax: 'c1 start',
        doc: 'subscribe() and join the group; the position is looked up (committed offset or auto.offset.reset) in the first poll.',
      },
    ],
  },
  {
    name: 'poll',
    takesConsumer: true,
    forms: [
      {
        syntax: 'c1 poll',
        doc: 'poll(): returns up to max.poll.records records from the position and advances it; auto-commits and rebalances happen here.',
      },
    ],
  },
  {
    name: 'process',
    takesConsumer: true,
    forms: [
      { syntax: 'c1 process', doc: 'The application handles the next polled record (one record).' },
      { syntax: 'c1 process 3', doc: 'Handles the next 3 polled records: one step each.' },
      {
        syntax: 'c1 process all',
        doc: 'Handles every record the last poll returned, as `for (record : records)` does.',
      },
    ],
  },
  {
    name: 'commitSync',
    takesConsumer: true,
    forms: [
      {
        syntax: 'c1 commitSync',
        doc: 'commitSync(): commits the position of every polled partition, processed or not.',
      },
      {
        syntax: 'c1 commitSync orders-0=5 orders-1=7',
        doc: 'commitSync(offsets): commits exactly these offsets (the next record to read, per partition).',
      },
      {
        syntax: 'c1 commitSync processed',
        doc: 'commitSync(offsets) with, per partition, the last processed offset + 1: commits only what was processed.',
      },
    ],
  },
  {
    name: 'commitAsync',
    takesConsumer: true,
    forms: [
      {
        syntax: 'c1 commitAsync',
        doc: 'commitAsync(): sends the positions at once; the result is known only in a later poll or close, and it is not retried.',
      },
    ],
  },
  {
    name: 'crash',
    takesConsumer: true,
    forms: [
      {
        syntax: 'c1 crash',
        doc: 'The process dies: no commit, no leave; its partitions stay with it until session.timeout.ms passes.',
      },
    ],
  },
  {
    name: 'restart',
    takesConsumer: true,
    forms: [
      {
        syntax: 'c1 restart',
        doc: 'A new instance of the consumer subscribes again; it resumes at the committed offsets.',
      },
    ],
  },
  {
    name: 'close',
    takesConsumer: true,
    forms: [{ syntax: 'c1 close', doc: 'close(): auto-commits (when enable.auto.commit is on) and leaves the group.' }],
  },
  {
    name: 'seek',
    takesConsumer: true,
    forms: [
      {
        syntax: 'c1 seek orders-0 5',
        doc: 'seek(): the next poll of that partition reads from offset 5; nothing is committed.',
      },
    ],
  },
  {
    name: 'wait',
    takesConsumer: false,
    forms: [
      { syntax: 'wait 6s', doc: 'Time passes for everyone (ms, s or m): auto-commit intervals and timeouts run.' },
    ],
  },
  {
    name: 'produce',
    takesConsumer: false,
    forms: [
      {
        syntax: 'produce orders-0 3',
        doc: 'The producer appends 3 records to the partition (the log-end offset grows by 3).',
      },
    ],
  },
  {
    name: 'begin-transaction',
    takesConsumer: false,
    forms: [{ syntax: 'begin-transaction', doc: "The scenario's one transactional producer opens a transaction." }],
  },
  {
    name: 'produce-transactional',
    takesConsumer: false,
    forms: [
      {
        syntax: 'produce-transactional orders-0 3',
        doc: 'Appends 3 records inside the open transaction: read_committed consumers stop before them (the LSO).',
      },
    ],
  },
  {
    name: 'commit-transaction',
    takesConsumer: false,
    forms: [
      {
        syntax: 'commit-transaction',
        doc: 'Commits the transaction: a commit marker takes one offset on every partition it wrote to.',
      },
    ],
  },
  {
    name: 'abort-transaction',
    takesConsumer: false,
    forms: [
      {
        syntax: 'abort-transaction',
        doc: 'Aborts the transaction: an abort marker follows its records, which read_committed consumers skip.',
      },
    ],
  },
  {
    name: 'delete-records',
    takesConsumer: false,
    forms: [
      {
        syntax: 'delete-records orders-0 4',
        doc: 'Retention (or deleteRecords) removes every record below offset 4: the log start offset becomes 4.',
      },
    ],
  },
];

const verbByName = new Map(scenarioVerbs.map((verb) => [verb.name, verb]));

/** The verb of that exact name (verbs are case-sensitive, like the Java methods they stand for). */
export function findScenarioVerb(name: string): ScenarioVerb | undefined {
  return verbByName.get(name);
}

/** The word that opens a repeated block: `- repeat 3:` followed by an indented list of actions. */
export const repeatKeyword = 'repeat';

/** Documentation of `repeat N:` for hover. */
export const repeatDoc =
  '`repeat N:` runs the indented actions N times, like a `for` loop; a breakpoint inside hits once per iteration.';

/** A key of a scenario file (top level, a topic, or the group mapping) with a one-line doc. */
export interface ScenarioKey {
  readonly name: string;
  readonly required: boolean;
  readonly doc: string;
}

/** The top-level keys of a scenario file, in the order a file usually writes them. */
export const scenarioFileKeys: readonly ScenarioKey[] = [
  { name: 'name', required: false, doc: 'The scenario name (default: the file name without .offsets.yaml).' },
  { name: 'title', required: false, doc: 'A human title (default: the name).' },
  { name: 'summary', required: false, doc: 'A one-line summary (default: empty).' },
  {
    name: 'group',
    required: false,
    doc: 'The consumer group id, or a mapping { id: …, <group settings> } (default id: the scenario name).',
  },
  {
    name: 'topics',
    required: true,
    doc: 'The topics: name → { partitions: N, records: N or [per partition], logStart: N or [per partition] }.',
  },
  {
    name: 'consumers',
    required: true,
    doc: "The group's consumers: id → { <Kafka consumer property>: value, … } (c1: {} for Kafka's defaults).",
  },
  { name: 'actions', required: true, doc: 'What happens, one action a line, and `repeat N:` blocks.' },
];

/** The keys of one topic's mapping. */
export const topicKeys: readonly ScenarioKey[] = [
  { name: 'partitions', required: false, doc: 'How many partitions (default: 1, or the length of a records list).' },
  {
    name: 'records',
    required: false,
    doc: 'Records already in the log: one number for every partition, or a list per partition.',
  },
  {
    name: 'logStart',
    required: false,
    doc: 'The log start offset (records below it were deleted by retention): a number or a list per partition.',
  },
];

/** The key of a `group:` mapping that names the group; the other keys are group settings. */
export const groupIdKey = 'id';
