// Record Group Trace and Stop Recording: records a live group into a trace file (src/recording) while a
// status-bar item shows the group, the time and the samples taken; clicking it stops the recording, after
// which the file opens in the panel or in the debugger. Thin glue: sampling, gaps and the file format
// live in src/recording.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { errorText } from '../../liveGroups/errorText';
import { startRecording, type Recording, type RecordingProgress } from '../../recording/groupRecorder';
import { groupSampler, recordingRefusal } from '../../recording/groupSampler';
import {
  defaultRecordingFileName,
  recordingStatusText,
  recordingStatusTooltip,
  type RecordingView,
} from '../../recording/recordingStatus';
import { offsetDebugType } from '../../debugger/debugType';
import { commandIds, contextKeys, settingIds } from '../contributions';
import type { KafkaInspector } from '../../kafka/kafkaClient';
import type { ClusterConnections } from './clusterConnections';
import { askGroup } from './offsetChangePrompts';

/** A recording's arguments from a test or another extension: skip the prompts. */
interface RecordArguments {
  readonly cluster: string;
  readonly groupId: string;
  /** The trace file to write; asked for when missing. */
  readonly file?: string;
}

interface RunningRecording {
  readonly cluster: string;
  readonly groupId: string;
  readonly file: string;
  readonly recording: Recording;
  /** When it started (Date.now()), so the status bar's clock moves between samples. */
  readonly startedAt: number;
  progress: RecordingProgress;
}

/** How a finished recording is opened from its notification. */
const openInPanel = 'Open in Panel';
const debugRecording = 'Debug Recording';

export class GroupRecordings implements vscode.Disposable {
  private readonly running = new Map<string, RunningRecording>();
  private readonly statusItem: vscode.StatusBarItem;
  /** Ticks the status bar's clock, only while something records. */
  private clock: ReturnType<typeof setInterval> | undefined;
  /** The value last given to the `offsetTrace.recording` context key. */
  private recordingContext = false;
  private readonly disposables: vscode.Disposable[] = [];

  static register(context: vscode.ExtensionContext, connections: ClusterConnections): GroupRecordings {
    const recordings = new GroupRecordings(connections);
    context.subscriptions.push(
      recordings,
      vscode.commands.registerCommand(commandIds.recordGroup, (arg?: unknown) => recordings.record(arg)),
      vscode.commands.registerCommand(commandIds.stopRecording, (arg?: unknown) => recordings.stop(arg)),
    );
    return recordings;
  }

  private constructor(private readonly connections: ClusterConnections) {
    this.statusItem = vscode.window.createStatusBarItem('offsetTrace.recording', vscode.StatusBarAlignment.Left, 50);
    this.statusItem.name = 'Kafka Offsets: Recording';
    this.statusItem.command = commandIds.stopRecording;
    this.disposables.push(this.statusItem);
  }

  /** The recordings in progress, as the status bar shows them. */
  views(): RecordingView[] {
    return [...this.running.values()].map((r) => ({
      cluster: r.cluster,
      groupId: r.groupId,
      file: r.file,
      progress: { ...r.progress, elapsedMs: Math.max(r.progress.elapsedMs, Date.now() - r.startedAt) },
    }));
  }

  /** The status bar item's text and tooltip (undefined when nothing records). */
  status(): { text: string; tooltip: string } | undefined {
    const text = recordingStatusText(this.views());
    return text === undefined ? undefined : { text, tooltip: recordingStatusTooltip(this.views()) };
  }

  /** Record Group Trace: which group and which file, then starts; resolves with the file, or undefined if cancelled. */
  async record(arg: unknown): Promise<string | undefined> {
    const given = recordArguments(arg);
    const group = given ?? (await askGroup(this.connections, arg));
    if (!group) return undefined;
    const key = `${group.cluster}\u0000${group.groupId}`;
    if (this.running.has(key)) {
      void vscode.window.showInformationMessage(
        `Kafka Offsets: ${group.groupId} is already being recorded to ${this.running.get(key)?.file}.`,
      );
      return undefined;
    }
    const cluster = this.connections.cluster(group.cluster);
    if (!cluster) {
      void vscode.window.showErrorMessage(`Kafka Offsets: no cluster named "${group.cluster}" is configured.`);
      return undefined;
    }
    let inspector: KafkaInspector;
    try {
      const connected = await this.connections.inspector(cluster);
      inspector = connected;
      const refusal = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Checking group ${group.groupId}…` },
        () => recordingRefusal(connected, group.groupId),
      );
      if (refusal !== undefined) {
        void vscode.window.showErrorMessage(`Kafka Offsets: cannot record: ${refusal}.`);
        return undefined;
      }
    } catch (error) {
      void vscode.window.showErrorMessage(`Kafka Offsets: cannot record ${group.groupId}: ${errorText(error)}`);
      return undefined;
    }
    const file = given?.file ?? (await askFile(group.groupId));
    if (!file) return undefined;
    const intervalMs = vscode.workspace
      .getConfiguration(settingIds.section)
      .get<number>(settingIds.recordingIntervalMs, 1000);
    const recording = startRecording({
      groupId: group.groupId,
      file,
      intervalMs,
      bootstrapServers: cluster.bootstrapServers,
      sampler: groupSampler(inspector),
      onProgress: (progress) => {
        const entry = this.running.get(key);
        if (entry) entry.progress = progress;
        this.render();
      },
    });
    const entry: RunningRecording = {
      cluster: group.cluster,
      groupId: group.groupId,
      file,
      recording,
      startedAt: Date.now(),
      progress: { samples: 0, gaps: 0, elapsedMs: 0 },
    };
    this.running.set(key, entry);
    this.render();
    recording.done.then(
      (progress) => this.finished(key, entry, progress),
      (error: unknown) => {
        this.running.delete(key);
        this.render();
        void vscode.window.showErrorMessage(
          `Kafka Offsets: cannot record ${group.groupId} to ${file}: ${errorText(error)}`,
        );
      },
    );
    return file;
  }

  /** Stop Recording: the one in progress, the one named in `arg`, or one the user picks. Resolves with its file. */
  async stop(arg: unknown): Promise<string | undefined> {
    const named = recordArguments(arg);
    let entry = named ? this.running.get(`${named.cluster}\u0000${named.groupId}`) : undefined;
    if (!entry && !named) {
      const all = [...this.running.values()];
      if (all.length === 1) entry = all[0];
      else if (all.length > 1) {
        entry = (
          await vscode.window.showQuickPick(
            all.map((r) => ({ label: r.groupId, description: r.cluster, detail: r.file, entry: r })),
            { title: 'Kafka Offsets: Stop Recording', placeHolder: 'Which recording to stop' },
          )
        )?.entry;
      }
    }
    if (!entry) {
      if (this.running.size === 0)
        void vscode.window.showInformationMessage('Kafka Offsets: nothing is being recorded.');
      return undefined;
    }
    await entry.recording.stop().catch(() => undefined);
    return entry.file;
  }

  private finished(key: string, entry: RunningRecording, progress: RecordingProgress): void {
    this.running.delete(key);
    this.render();
    const name = path.basename(entry.file);
    const gaps = progress.gaps > 0 ? `, ${progress.gaps} gap${progress.gaps === 1 ? '' : 's'}` : '';
    const message = `Kafka Offsets: recorded ${progress.samples} sample${progress.samples === 1 ? '' : 's'} of ${entry.groupId}${gaps} to ${name}.`;
    void vscode.window.showInformationMessage(message, openInPanel, debugRecording).then(async (answer) => {
      if (answer === openInPanel) {
        await vscode.commands.executeCommand(commandIds.openTraceFile, vscode.Uri.file(entry.file));
      } else if (answer === debugRecording) {
        await debugTraceFile(entry.file);
      }
    });
  }

  private render(): void {
    const views = this.views();
    const recording = views.length > 0;
    if (recording !== this.recordingContext) {
      this.recordingContext = recording;
      void vscode.commands.executeCommand('setContext', contextKeys.recording, recording);
    }
    // The elapsed time ticks between samples too, while something records.
    if (recording && this.clock === undefined) this.clock = setInterval(() => this.render(), 1000);
    if (!recording && this.clock !== undefined) {
      clearInterval(this.clock);
      this.clock = undefined;
    }
    const text = recordingStatusText(views);
    if (text === undefined) {
      this.statusItem.hide();
      return;
    }
    this.statusItem.text = text;
    this.statusItem.tooltip = recordingStatusTooltip(views);
    this.statusItem.accessibilityInformation = { label: text.replace(/\$\([^)]*\)\s*/g, ''), role: 'button' };
    this.statusItem.show();
  }

  dispose(): void {
    clearInterval(this.clock);
    for (const entry of this.running.values()) void entry.recording.stop().catch(() => undefined);
    this.running.clear();
    for (const disposable of this.disposables) disposable.dispose();
  }
}

/** Starts a debug session on a trace file (a recording), stopped at its first step. */
export async function debugTraceFile(file: string): Promise<boolean> {
  return vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file)), {
    type: offsetDebugType,
    request: 'launch',
    name: `Debug ${path.basename(file)}`,
    program: file,
    stopOnEntry: true,
  });
}

function recordArguments(arg: unknown): RecordArguments | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const value = arg as { cluster?: unknown; groupId?: unknown; file?: unknown };
  if (typeof value.cluster !== 'string' || typeof value.groupId !== 'string') return undefined;
  return {
    cluster: value.cluster,
    groupId: value.groupId,
    ...(typeof value.file === 'string' ? { file: value.file } : {}),
  };
}

/** Where to write the recording: a save dialog at the workspace folder, with a name of the group and time. */
async function askFile(groupId: string): Promise<string | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = defaultRecordingFileName(groupId, new Date());
  const picked = await vscode.window.showSaveDialog({
    title: `Kafka Offsets: Record ${groupId} to`,
    saveLabel: 'Record',
    filters: { 'Trace files': ['jsonl'] },
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
  });
  return picked?.fsPath;
}
