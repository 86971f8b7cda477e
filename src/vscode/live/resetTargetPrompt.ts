// The prompt flow for where Reset Offsets… moves a group, with Kafka's strategies: earliest, latest,
// one offset, a date-time, a duration back from now, a shift by N, the current offset, or a reset-plan
// CSV file chosen in a file dialog; each value checked as it is typed.

import * as vscode from 'vscode';
import { parseDateTime } from '../../liveGroups/dateTimeInput';
import { parseKafkaDuration } from '../../liveGroups/kafkaTimeArguments';
import type { ResetTarget } from '../../liveGroups/offsetReset';
import { parseResetPlanCsv, ResetPlanCsvError } from '../../liveGroups/resetPlanCsv';

/** Asks for an integer; undefined when the box is dismissed. */
async function askInteger(title: string, prompt: string, pattern: RegExp, hint: string): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    title,
    prompt,
    ignoreFocusOut: true,
    validateInput: (value) => (pattern.test(value.trim()) ? undefined : hint),
  });
  return text === undefined ? undefined : Number(text.trim());
}

/** Asks for a date-time (default: an hour ago, UTC); undefined when dismissed. */
async function askDateTime(): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    title: 'Date-time',
    prompt: 'e.g. 2026-11-25T09:30:00Z, or 2026-11-25 09:30 in local time',
    value: new Date(Date.now() - 3_600_000).toISOString().slice(0, 19) + 'Z',
    ignoreFocusOut: true,
    validateInput: (value) =>
      parseDateTime(value) === undefined ? 'Not a date-time (YYYY-MM-DD[THH:MM[:SS]][Z])' : undefined,
  });
  return text === undefined ? undefined : parseDateTime(text);
}

/** Asks for an ISO-8601 duration as Kafka's --by-duration takes it (default PT1H); undefined when dismissed. */
async function askDuration(): Promise<{ duration: string; durationMs: number } | undefined> {
  const text = await vscode.window.showInputBox({
    title: 'Duration back from now',
    prompt: 'An ISO-8601 duration, as kafka-consumer-groups --by-duration: PT1H, PT30M, P1D, P1DT12H',
    value: 'PT1H',
    ignoreFocusOut: true,
    validateInput: (value) =>
      parseKafkaDuration(value.trim()) === undefined ? 'Not a duration (PnDTnHnMnS, e.g. PT1H)' : undefined,
  });
  if (text === undefined) return undefined;
  const durationMs = parseKafkaDuration(text.trim());
  return durationMs === undefined ? undefined : { duration: text.trim(), durationMs };
}

/** Asks for a reset-plan CSV file and reads the group's lines; a bad file is an error naming the line. */
async function askPlanFile(groupId: string): Promise<ResetTarget | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: 'Reset plan (the CSV of kafka-consumer-groups --export)',
    canSelectMany: false,
    filters: { 'Reset plan CSV': ['csv'], 'All files': ['*'] },
  });
  const file = picked?.[0];
  if (!file) return undefined;
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
  const name = vscode.workspace.asRelativePath(file);
  try {
    return { kind: 'file', offsets: parseResetPlanCsv(text, groupId), source: name };
  } catch (error) {
    if (error instanceof ResetPlanCsvError) throw new Error(`${name}: ${error.message}`);
    throw error;
  }
}

/** Where to reset `groupId` to; undefined when the user cancels at any step. */
export async function askResetTarget(groupId: string): Promise<ResetTarget | undefined> {
  const kind = await vscode.window.showQuickPick(
    [
      { label: 'Earliest', description: 'the log start of each partition', value: 'earliest' as const },
      { label: 'Latest', description: 'the log end: skip everything not yet read', value: 'latest' as const },
      { label: 'Offset…', description: 'one offset for every partition', value: 'offset' as const },
      { label: 'Date-time…', description: 'the first record at or after a time', value: 'datetime' as const },
      {
        label: 'By duration…',
        description: 'the first record at or after a time this long ago (PT1H)',
        value: 'duration' as const,
      },
      {
        label: 'Shift by…',
        description: 'move each committed offset by N (negative: re-read)',
        value: 'shift' as const,
      },
      {
        label: 'Current',
        description: 'keep each committed offset; the log end where there is none',
        value: 'current' as const,
      },
      {
        label: 'From a CSV file…',
        description: 'topic,partition,offset lines, as kafka-consumer-groups --export writes them',
        value: 'file' as const,
      },
    ],
    { title: 'Reset to', ignoreFocusOut: true },
  );
  if (!kind) return undefined;
  switch (kind.value) {
    case 'earliest':
    case 'latest':
    case 'current':
      return { kind: kind.value };
    case 'offset': {
      const offset = await askInteger(
        'Offset',
        'The new committed offset (the next record the group will read)',
        /^\d+$/,
        'A non-negative integer',
      );
      return offset === undefined ? undefined : { kind: 'offset', offset };
    }
    case 'shift': {
      const by = await askInteger(
        'Shift by',
        'How many offsets to move (e.g. -100 to re-read the last 100 records)',
        /^[+-]?\d+$/,
        'An integer such as -100 or 20',
      );
      return by === undefined ? undefined : { kind: 'shift', by };
    }
    case 'datetime': {
      const timestampMs = await askDateTime();
      return timestampMs === undefined ? undefined : { kind: 'datetime', timestampMs };
    }
    case 'duration': {
      const duration = await askDuration();
      return duration === undefined ? undefined : { kind: 'duration', ...duration };
    }
    case 'file':
      return askPlanFile(groupId);
  }
}
