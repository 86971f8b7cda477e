// Kafka's reset-plan CSV, the file `--reset-offsets --from-file` reads and `--export` prints:
// `topic,partition,offset` lines for one group, or `group,topic,partition,offset` for several
// (CsvUtils.CsvRecordNoGroup / CsvRecordWithGroup, read by GroupOffsetsResetter.parseResetPlan).

import type { TopicPartition } from '../common/topicPartition';

/** One line of a reset plan: the offset to commit for a partition. */
export interface PlannedOffset extends TopicPartition {
  readonly offset: number;
}

/** A reset-plan file that cannot be used, with the 1-based line it is about (0: the whole file). */
export class ResetPlanCsvError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(line > 0 ? `line ${line}: ${message}` : message);
    this.name = 'ResetPlanCsvError';
  }
}

/** Splits one CSV line into fields: commas separate, double quotes quote (`""` is a quote), as Jackson's CSV reader. */
function csvFields(line: string, lineNumber: number): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === ',') {
      fields.push(field);
      field = '';
      wasQuoted = false;
    } else if (c === '"' && field === '' && !wasQuoted) {
      quoted = true;
      wasQuoted = true;
    } else {
      field += c;
    }
  }
  if (quoted) throw new ResetPlanCsvError(lineNumber, 'a quoted field is not closed');
  fields.push(field);
  return fields;
}

/** A partition number (Java int, not negative), else an error naming the line. */
function partitionField(text: string, lineNumber: number): number {
  if (!/^\d+$/.test(text) || Number(text) > 2_147_483_647) {
    throw new ResetPlanCsvError(lineNumber, `the partition must be a non-negative integer, got "${text}"`);
  }
  return Number(text);
}

/** An offset (not negative: Kafka's OffsetAndMetadata refuses "Invalid negative offset"), else an error naming the line. */
function offsetField(text: string, lineNumber: number): number {
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new ResetPlanCsvError(lineNumber, `the offset must be a non-negative integer, got "${text}"`);
  }
  return Number(text);
}

/** True when the line reads as `topic,partition,offset` (how Kafka's tool tells the one-group form from the other). */
function isOneGroupLine(line: string): boolean {
  try {
    const fields = csvFields(line, 1);
    return fields.length === 3 && /^\d+$/.test(fields[1]) && /^\d+$/.test(fields[2]);
  } catch {
    return false;
  }
}

/**
 * Reads a reset plan for `groupId`. As Kafka's tool: the first line decides the form (three fields
 * that read as topic, partition, offset: the one-group form; otherwise every line has the group
 * first, and only `groupId`'s lines are used); `\r\n` line ends are fine; trailing empty lines are
 * ignored (Java's `split("\n")` drops them). A later line for the same partition wins, as in the
 * tool's map. Every other mistake is a {@link ResetPlanCsvError} naming its line, and a plan with
 * no line for the group is one too (the tool prints "No reset plan for group G found.").
 */
export function parseResetPlanCsv(text: string, groupId: string): PlannedOffset[] {
  const lines = text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) throw new ResetPlanCsvError(0, 'the file has no lines');
  const oneGroup = isOneGroupLine(lines[0]);
  const planned = new Map<string, PlannedOffset>();
  lines.forEach((line, index) => {
    const lineNumber = index + 1;
    if (line.trim() === '') throw new ResetPlanCsvError(lineNumber, 'the line is empty');
    const fields = csvFields(line, lineNumber);
    const expected = oneGroup ? 3 : 4;
    if (fields.length !== expected) {
      throw new ResetPlanCsvError(
        lineNumber,
        `expected ${oneGroup ? 'topic,partition,offset' : 'group,topic,partition,offset'} (as line 1), got ${fields.length} field${fields.length === 1 ? '' : 's'}`,
      );
    }
    const [group, topic, partitionText, offsetText] = oneGroup ? [groupId, ...fields] : fields;
    if (topic === '') throw new ResetPlanCsvError(lineNumber, 'the topic is empty');
    const partition = partitionField(partitionText, lineNumber);
    const offset = offsetField(offsetText, lineNumber);
    if (group === groupId) planned.set(`${topic}\u0000${partition}`, { topic, partition, offset });
  });
  if (planned.size === 0) throw new ResetPlanCsvError(0, `no reset plan for group '${groupId}' found`);
  return [...planned.values()];
}

/**
 * A plan as the CSV Kafka's `--export` writes for one group (`topic,partition,offset`, one line
 * each, `\n` after every line), which `--from-file` reads back. Topic names never need quoting
 * (Kafka allows only letters, digits, `.`, `_` and `-` in them).
 */
export function resetPlanCsv(offsets: readonly PlannedOffset[]): string {
  return offsets.map((o) => `${o.topic},${o.partition},${o.offset}\n`).join('');
}
