// Records a live group into a trace file: samples it at an interval and appends one step line per
// sample (header first), each line written whole with one write, so every complete line is valid
// after a crash. A sample the cluster does not answer is appended as a gap and sampling goes on, so
// a recording survives the broker going away and resumes when it is back. Used by the CLI's `record`
// and the extension's Record Group Trace; it never imports `vscode`.

import { redactSecrets } from '../kafka/kafkaLogger';
import * as fs from 'node:fs';
import type { GroupDescription } from '../kafka/kafkaModel';
import { encodeRecordingHeader, encodeStepLine, type TraceFileOrigin } from '../trace/traceFile';
import { RecordingSteps, type GroupSample } from './sampleSteps';

/** What the recorder asks of the cluster: one sample of the group. */
export interface GroupSampler {
  /** The group now, and the log start offsets of its partitions; rejects when the cluster does not answer. */
  sample(
    groupId: string,
  ): Promise<{ description: GroupDescription; logStartOffsets: ReadonlyMap<string, number | null> }>;
}

/** What a recording is doing, for a status bar or progress lines. */
export interface RecordingProgress {
  readonly samples: number;
  readonly gaps: number;
  readonly elapsedMs: number;
  /** The last sample failed: why (cleared by the next good sample). */
  readonly lastError?: string;
}

export interface RecordingOptions {
  readonly groupId: string;
  /** The trace file to write (created or truncated). */
  readonly file: string;
  /** How often to sample; default 1000 ms. */
  readonly intervalMs?: number;
  /** Stop after this long; default: until stopped. */
  readonly durationMs?: number;
  /** The cluster, as the header's origin names it (never credentials). */
  readonly bootstrapServers: string;
  readonly sampler: GroupSampler;
  /** Called after every sample or gap. */
  readonly onProgress?: (progress: RecordingProgress) => void;
  /** The clock (tests replace it). */
  readonly now?: () => number;
  /**
   * The connection's secrets (SASL password or token), taken out of a gap's reason should a broker
   * quote them (the inspector's errors have them taken out already; this keeps the file clean whatever
   * sampler is used).
   */
  readonly secrets?: readonly string[];
}

/** A running recording: stop it, or wait for it to end (duration reached). */
export interface Recording {
  /** Resolves when the recording has ended, with what it wrote. */
  readonly done: Promise<RecordingProgress>;
  /** Ends the recording after the sample in progress; resolves like `done`. */
  stop(): Promise<RecordingProgress>;
}

/** The default sampling interval. */
export const defaultRecordingIntervalMs = 1000;

/** Why a sample failed, in one line. */
function reasonOf(error: unknown, secrets: readonly string[]): string {
  const message = error instanceof Error ? error.message : String(error);
  return redactSecrets(message.split('\n')[0] ?? 'no answer', secrets);
}

/**
 * Starts recording `groupId` into `file`. The header is written at once (a file that cannot be
 * created rejects `done` with the reason); then a sample every interval until stopped or the
 * duration is reached.
 */
export function startRecording(options: RecordingOptions): Recording {
  const now = options.now ?? Date.now;
  const intervalMs = Math.max(10, options.intervalMs ?? defaultRecordingIntervalMs);
  const startedAt = now();
  const steps = new RecordingSteps(options.groupId);
  let samples = 0;
  let gaps = 0;
  let lastError: string | undefined;
  let stopping = false;
  let wake: (() => void) | undefined;
  const progress = (): RecordingProgress => ({
    samples,
    gaps,
    elapsedMs: now() - startedAt,
    ...(lastError !== undefined ? { lastError } : {}),
  });

  const origin: TraceFileOrigin = {
    kind: 'recording',
    group: options.groupId,
    bootstrapServers: options.bootstrapServers,
    startedAt: new Date(startedAt).toISOString(),
    intervalMs,
  };
  const source = {
    name: `recording-${options.groupId}`,
    title: `Recording of group ${options.groupId}`,
    summary: `Group ${options.groupId} on ${options.bootstrapServers}, sampled every ${intervalMs} ms from ${new Date(startedAt).toISOString()}.`,
    group: options.groupId,
  };

  const run = async (): Promise<RecordingProgress> => {
    const fd = fs.openSync(options.file, 'w');
    try {
      fs.writeSync(fd, `${encodeRecordingHeader(source, origin)}\n`);
      for (;;) {
        const takenAt = now();
        let line: string | undefined;
        try {
          const answer = await options.sampler.sample(options.groupId);
          const sample: GroupSample = { timeMs: takenAt, ...answer };
          const step = steps.sample(sample);
          line = encodeStepLine(step.row, step.kind, step.previous, step.state, step.effects);
          samples++;
          lastError = undefined;
        } catch (error) {
          lastError = reasonOf(error, options.secrets ?? []);
          const step = steps.gap(takenAt, lastError);
          if (step) {
            line = encodeStepLine(step.row, step.kind, step.previous, step.state, step.effects);
            gaps++;
          }
        }
        // One write per line: a crash leaves whole lines and at most a cut last one.
        if (line !== undefined) fs.writeSync(fd, `${line}\n`);
        options.onProgress?.(progress());
        const elapsed = now() - startedAt;
        if (stopping || (options.durationMs !== undefined && elapsed >= options.durationMs)) break;
        const waitMs = Math.min(
          intervalMs - ((now() - takenAt) % intervalMs),
          options.durationMs !== undefined ? Math.max(0, options.durationMs - elapsed) : Infinity,
        );
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, waitMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
        if (stopping) break;
      }
    } finally {
      fs.closeSync(fd);
    }
    return progress();
  };

  const done = run();
  return {
    done,
    stop: () => {
      stopping = true;
      wake?.();
      return done;
    },
  };
}
