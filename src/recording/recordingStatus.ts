// What a running recording looks like in one line (the status bar) and in a tooltip: the group, how long
// it has run, how many samples it took and whether the cluster is answering. Pure, so the wording is
// unit-tested without VS Code.

import type { RecordingProgress } from './groupRecorder';

/** A running recording as the status bar sees it. */
export interface RecordingView {
  readonly cluster: string;
  readonly groupId: string;
  readonly file: string;
  readonly progress: RecordingProgress;
}

/** "0:07", "12:05", "1:02:03". */
export function clockText(elapsedMs: number): string {
  const total = Math.max(0, Math.floor(elapsedMs / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${minutes}:${pad(seconds)}`;
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The status bar text: one recording by name, several by number; a failing sample shows a warning icon. */
export function recordingStatusText(recordings: readonly RecordingView[]): string | undefined {
  if (recordings.length === 0) return undefined;
  const failing = recordings.some((r) => r.progress.lastError !== undefined);
  const icon = failing ? '$(warning)' : '$(record)';
  if (recordings.length === 1) {
    const { groupId, progress } = recordings[0];
    return `${icon} Recording ${groupId} ${clockText(progress.elapsedMs)} · ${count(progress.samples, 'sample')}`;
  }
  const samples = recordings.reduce((sum, r) => sum + r.progress.samples, 0);
  return `${icon} ${recordings.length} recordings · ${count(samples, 'sample')}`;
}

/** The tooltip: every recording with its file, gaps and last error, and how to stop. */
export function recordingStatusTooltip(recordings: readonly RecordingView[]): string {
  const lines = recordings.map((r) => {
    const gaps = r.progress.gaps > 0 ? `, ${count(r.progress.gaps, 'gap')}` : '';
    const error = r.progress.lastError !== undefined ? ` — no answer: ${r.progress.lastError}` : '';
    return `${r.groupId} on ${r.cluster}: ${count(r.progress.samples, 'sample')}${gaps} in ${clockText(r.progress.elapsedMs)} → ${r.file}${error}`;
  });
  return [...lines, 'Click to stop recording.'].join('\n');
}

/** The file name a new recording of `groupId` gets by default: the group and the start time, safe for any file system. */
export function defaultRecordingFileName(groupId: string, startedAt: Date): string {
  const safeGroup = groupId.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80) || 'group';
  const stamp = startedAt
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/[:]/g, '-');
  return `${safeGroup}-${stamp}.offsets-trace.jsonl`;
}
