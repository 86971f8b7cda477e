// The prompt flow for where Reset Offsets… moves a group: earliest, latest, one offset, a date-time or
// a shift by N, each value checked as it is typed.

import * as vscode from 'vscode';
import { parseDateTime } from '../../liveGroups/dateTimeInput';
import type { ResetTarget } from '../../liveGroups/offsetReset';

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

/** Where to reset to; undefined when the user cancels at any step. */
export async function askResetTarget(): Promise<ResetTarget | undefined> {
  const kind = await vscode.window.showQuickPick(
    [
      { label: 'Earliest', description: 'the log start of each partition', value: 'earliest' as const },
      { label: 'Latest', description: 'the log end: skip everything not yet read', value: 'latest' as const },
      { label: 'Offset…', description: 'one offset for every partition', value: 'offset' as const },
      { label: 'Date-time…', description: 'the first record at or after a time', value: 'datetime' as const },
      {
        label: 'Shift by…',
        description: 'move each committed offset by N (negative: re-read)',
        value: 'shift' as const,
      },
    ],
    { title: 'Reset to', ignoreFocusOut: true },
  );
  if (!kind) return undefined;
  switch (kind.value) {
    case 'earliest':
    case 'latest':
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
  }
}
