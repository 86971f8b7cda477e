// `record`: samples a live group into a trace file (origin `recording`) that `run`, the panel and the
// debugger open. Appends one line per sample; a sample the cluster does not answer is recorded as a
// gap and sampling goes on. Ends after --duration-ms, or on Ctrl+C / SIGTERM, with a summary line.

import { secretsOf } from '../kafka/kafkaLogger';
import type { KafkaClient } from '../kafka/kafkaClientLoader';
import type { KafkaConnectionOptions } from '../kafka/kafkaModel';
import { defaultRecordingIntervalMs, startRecording, type RecordingProgress } from '../recording/groupRecorder';
import { groupSampler, recordingRefusal } from '../recording/groupSampler';
import type { CliOutput } from './cliOutput';
import { loadClientForCommand } from './kafkaClientLoading';
import { UsageError } from './usageError';

export interface RecordArgs {
  readonly options: KafkaConnectionOptions;
  readonly groupId: string;
  readonly out: string;
  readonly intervalMs?: string;
  readonly durationMs?: string;
}

export interface RecordDependencies {
  readonly loadKafkaClient: () => KafkaClient;
  /** Resolves when the user asks to stop (Ctrl+C); default: SIGINT or SIGTERM. */
  readonly stopRequested?: Promise<void>;
}

/** A whole number of milliseconds from `min`, or a usage error naming the option. */
function millisecondsOption(name: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > 86_400_000) {
    throw new UsageError(`--${name} must be a whole number of milliseconds from ${min} to 86400000, got "${text}"`);
  }
  return value;
}

/** Resolves on the first SIGINT or SIGTERM (and stops listening then). */
function signalStop(): Promise<void> {
  return new Promise((resolve) => {
    const onSignal = (): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

function summary(progress: RecordingProgress, out: string): string {
  const gaps = progress.gaps === 0 ? 'no gaps' : `${progress.gaps} gap${progress.gaps === 1 ? '' : 's'}`;
  return `recorded ${progress.samples} sample${progress.samples === 1 ? '' : 's'} (${gaps}) in ${(progress.elapsedMs / 1000).toFixed(1)} s to ${out}`;
}

/** Runs `record`; resolves to the exit code (1 when no sample could be taken). */
export async function recordCommand(args: RecordArgs, output: CliOutput, deps: RecordDependencies): Promise<number> {
  const intervalMs = millisecondsOption('interval-ms', args.intervalMs, 100) ?? defaultRecordingIntervalMs;
  const durationMs = millisecondsOption('duration-ms', args.durationMs, 0);
  const client = loadClientForCommand(deps.loadKafkaClient);
  const inspector = client.createKafkaInspector(args.options);
  let failing = false;
  try {
    const refusal = await recordingRefusal(inspector, args.groupId);
    if (refusal !== undefined) {
      output.err(`kafka-offset-trace: ${refusal}\n`);
      return 1;
    }
    const recording = startRecording({
      groupId: args.groupId,
      file: args.out,
      intervalMs,
      ...(durationMs !== undefined ? { durationMs } : {}),
      bootstrapServers: args.options.bootstrapServers.join(','),
      sampler: groupSampler(inspector),
      secrets: secretsOf(args.options),
      onProgress: (progress) => {
        if (progress.lastError !== undefined && !failing) {
          failing = true;
          output.err(
            `kafka-offset-trace: no sample at ${(progress.elapsedMs / 1000).toFixed(1)} s: ${progress.lastError} (recorded as a gap; still trying)\n`,
          );
        } else if (progress.lastError === undefined && failing) {
          failing = false;
          output.err(`kafka-offset-trace: sampling again at ${(progress.elapsedMs / 1000).toFixed(1)} s\n`);
        }
      },
    });
    const stop = deps.stopRequested ?? signalStop();
    void stop.then(() => recording.stop());
    let progress: RecordingProgress;
    try {
      progress = await recording.done;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(`cannot write ${args.out} (${code ?? (error as Error).message})`);
    }
    if (progress.samples === 0) {
      output.err(
        `kafka-offset-trace: no sample of group "${args.groupId}" was taken${progress.lastError ? `: ${progress.lastError}` : ''}\n`,
      );
      return 1;
    }
    output.err(`${summary(progress, args.out)}\n`);
    return 0;
  } finally {
    await inspector.close();
  }
}
