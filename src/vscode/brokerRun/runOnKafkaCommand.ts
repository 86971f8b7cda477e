// "Kafka Offsets: Run Scenario on Kafka": picks the scenario, the cluster and (when the scenario allows
// both) the group protocol, runs the scenario on the broker with Kafka's Java clients under a
// cancellable progress notification, and opens the panel with the simulated and the observed trace
// side by side. Missing Java or jars get an error naming what is needed (and a way to fetch the jars).

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { pickScenario as pickScenarioItem } from '../scenarioEditing/scenarioPicker';
import { BrokerRunError, runOnKafka, type BrokerRun } from '../../brokerRun/brokerRunner';
import {
  BrokerRunSetupError,
  driverSourcePath,
  findKafkaJars,
  prepareJava,
  type JavaSetup,
} from '../../brokerRun/javaDriver';
import { parseBootstrapServers } from '../../common/bootstrapServers';
import type { KafkaLogger } from '../../kafka/kafkaLogger';
import { localCluster, type ClusterSetting } from '../../liveGroups/clusterSettings';
import { brokerRunFacts } from '../../panel/panelComparison';
import type { ComparisonSource } from '../../panel/panelMessages';
import { isScenarioText } from '../../scenarios/scenarioFile';
import { scenarioProtocols, type GroupProtocol } from '../../scenarios/scenarioProtocols';
import type { Scenario } from '../../simulator/model';
import { runScenario, type Trace } from '../../trace/trace';
import { commandIds, fetchJarsTaskType, settingIds } from '../contributions';
import type { ClusterConnections } from '../live/clusterConnections';
import { baseName, isScenarioFileName } from '../scenarioEditing/scenarioFileNames';
import type { TraceSession } from '../trace/traceSession';
import {
  brokerRunFileOrigin,
  builtInScenarioText,
  compareRun,
  parseForRun,
  saveObservedTrace,
  type ScenarioText,
} from './brokerRunComparison';

/** What the command takes (tests pass it to skip every picker); a `vscode.Uri` alone names the scenario file. */
export interface RunOnKafkaArguments {
  /** A scenario file (path or URI). */
  readonly file?: string | vscode.Uri;
  /** A built-in scenario's name. */
  readonly scenario?: string;
  readonly bootstrapServers?: string;
  readonly protocol?: GroupProtocol;
}

/** What the command resolves with when a run finished (undefined when it was cancelled or failed). */
export interface RunOnKafkaOutcome {
  readonly scenario: string;
  readonly protocol: GroupProtocol;
  readonly bootstrapServers: string;
  readonly agree: boolean;
  readonly summary: string;
  readonly differences: readonly string[];
  /** The observed trace file (open it later with Open Trace File…). */
  readonly traceFile: string;
}

/** What the command needs from the extension around it. */
export interface RunOnKafkaContext {
  readonly context: vscode.ExtensionContext;
  readonly session: TraceSession;
  readonly connections: ClusterConnections;
  /** Shows the execution-table panel (it follows the session's trace). */
  readonly showPanel: () => void;
}

const title = 'Kafka Offsets: Run Scenario on Kafka';

/** Registers the command. */
export function registerRunOnKafkaCommand(host: RunOnKafkaContext): void {
  const log = host.connections.log.scoped('run on Kafka');
  host.context.subscriptions.push(
    vscode.commands.registerCommand(commandIds.runScenarioOnKafka, async (argument?: unknown) => {
      try {
        return await runScenarioOnKafka(host, log, toArguments(argument));
      } catch (error) {
        // Never an exception out of a command: the log has the details, the user one line.
        const message = error instanceof Error ? error.message : String(error);
        log.error(`the run failed unexpectedly: ${error instanceof Error ? (error.stack ?? message) : message}`);
        void showError(host, `Kafka Offsets: the run on Kafka failed: ${message}`);
        return undefined;
      }
    }),
  );
}

/** The arguments of a call: `{ file, scenario, bootstrapServers, protocol }`, a URI, or nothing. */
function toArguments(argument: unknown): RunOnKafkaArguments {
  if (argument instanceof vscode.Uri) return { file: argument };
  if (typeof argument !== 'object' || argument === null) return {};
  const fields = argument as Record<string, unknown>;
  return {
    ...(typeof fields.file === 'string' || fields.file instanceof vscode.Uri ? { file: fields.file } : {}),
    ...(typeof fields.scenario === 'string' ? { scenario: fields.scenario } : {}),
    ...(typeof fields.bootstrapServers === 'string' ? { bootstrapServers: fields.bootstrapServers } : {}),
    ...(fields.protocol === 'classic' || fields.protocol === 'consumer' ? { protocol: fields.protocol } : {}),
  };
}

function showError(host: RunOnKafkaContext, message: string, ...actions: string[]): Thenable<string | undefined> {
  const showLog = 'Show Log';
  return vscode.window.showErrorMessage(message, ...actions, showLog).then((choice) => {
    if (choice === showLog) host.connections.log.show();
    return choice;
  });
}

async function runScenarioOnKafka(
  host: RunOnKafkaContext,
  log: KafkaLogger,
  args: RunOnKafkaArguments,
): Promise<RunOnKafkaOutcome | undefined> {
  const source = await pickScenario(host, args);
  if (!source) return undefined;
  const stated = parseForRun(source);
  if ('errors' in stated) {
    void showError(host, `Kafka Offsets: cannot run ${source.fileName} on Kafka: ${stated.errors[0]}`);
    return undefined;
  }
  const protocol = await pickProtocol(stated.scenario, args.protocol);
  if (!protocol) return undefined;
  const parsed = parseForRun(source, protocol);
  if ('errors' in parsed) {
    void showError(
      host,
      `Kafka Offsets: cannot run ${source.fileName} under group.protocol=${protocol}: ${parsed.errors[0]}`,
    );
    return undefined;
  }
  const scenario = parsed.scenario;
  const bootstrapServers = await pickBootstrapServers(host, args.bootstrapServers);
  if (!bootstrapServers) return undefined;

  let simulated: Trace;
  try {
    simulated = runScenario(scenario);
  } catch (error) {
    void showError(host, `Kafka Offsets: the simulator cannot run ${scenario.name}: ${errorMessage(error)}`);
    return undefined;
  }

  log.info(`running ${scenario.name} (group.protocol=${protocol}) on ${bootstrapServers}`);
  const controller = new AbortController();
  let run: BrokerRun;
  try {
    run = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Kafka Offsets: running ${scenario.name} on ${bootstrapServers}`,
        cancellable: true,
      },
      async (progress, token) => {
        token.onCancellationRequested(() => controller.abort());
        progress.report({ message: 'finding Java and the Kafka jars, compiling the driver (once)…' });
        await new Promise((resolve) => setTimeout(resolve, 50)); // let the notification show first
        const java = await prepareJavaSetup(host, log);
        const steps = Math.max(scenario.actions.length, 1);
        return runOnKafka(scenario, {
          bootstrapServers,
          java,
          signal: controller.signal,
          progress: (line) => {
            log.info(line);
            progress.report({ message: line, ...(line.startsWith('step ') ? { increment: 100 / steps } : {}) });
          },
        });
      },
    );
  } catch (error) {
    if (error instanceof BrokerRunSetupError) {
      log.error(error.message);
      explainSetupError(host, log, error, { ...args, protocol, bootstrapServers, ...scenarioArgument(source) });
      return undefined;
    }
    if (controller.signal.aborted) {
      log.info(`the run of ${scenario.name} was cancelled`);
      void vscode.window.showInformationMessage(`Kafka Offsets: the run of ${scenario.name} on Kafka was cancelled.`);
      return undefined;
    }
    if (error instanceof BrokerRunError) {
      const where = error.step !== undefined ? ` at step ${error.step}` : '';
      log.error(`the run failed${where}: ${error.message}`);
      void showError(
        host,
        `Kafka Offsets: the run of ${scenario.name} on ${bootstrapServers} failed${where}: ${error.message}`,
      );
      return undefined;
    }
    throw error;
  }

  const comparisonSource: ComparisonSource = { scenario: source.origin, protocol };
  const compared = compareRun(
    scenario,
    simulated,
    run.trace,
    brokerRunFacts({
      bootstrapServers,
      kafkaVersion: run.kafkaVersion,
      protocol: run.protocol,
      group: run.group,
      topics: run.topics,
    }),
    comparisonSource,
  );
  const folder = path.join(host.context.globalStorageUri.fsPath, 'broker-runs');
  let traceFile: string;
  try {
    traceFile = await saveObservedTrace(
      folder,
      compared.observed,
      brokerRunFileOrigin(run, bootstrapServers, comparisonSource),
    );
    log.info(`the observed trace is in ${traceFile}`);
  } catch (error) {
    // The comparison is shown all the same; only reopening it after a reload needs the file.
    traceFile = path.join(folder, `${scenario.name}.offsets-trace.jsonl`);
    log.warn(`cannot write the observed trace to ${folder}: ${errorMessage(error)}`);
  }
  const summary = compared.comparison.summary();
  const differences = compared.result.differences.map((d) => d.text);
  log.info(`${scenario.name} on Kafka: ${summary}`);
  for (const text of differences) log.info(`  ${text}`);
  host.session.loadTrace(compared.observed, { kind: 'broker-run', file: traceFile }, 0, compared.comparison);
  host.showPanel();
  return {
    scenario: scenario.name,
    protocol,
    bootstrapServers,
    agree: compared.comparison.agree,
    summary,
    differences,
    traceFile,
  };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The scenario: the argument's, else the active scenario editor's, else one picked from the built-ins and the workspace. */
async function pickScenario(host: RunOnKafkaContext, args: RunOnKafkaArguments): Promise<ScenarioText | undefined> {
  if (args.scenario !== undefined) {
    const builtIn = builtInScenarioText(args.scenario);
    if (!builtIn) void showError(host, `Kafka Offsets: there is no built-in scenario "${args.scenario}".`);
    return builtIn;
  }
  if (args.file !== undefined) {
    return scenarioFileText(host, typeof args.file === 'string' ? vscode.Uri.file(args.file) : args.file);
  }
  const active = vscode.window.activeTextEditor?.document;
  if (active && (isScenarioFileName(active.uri.path) || isScenarioFileName(active.fileName))) {
    return scenarioFileText(host, active.uri);
  }
  const picked = await pickScenarioItem(title, 'Pick the scenario to run on a real Kafka');
  if (!picked) return undefined;
  return 'builtIn' in picked ? builtInScenarioText(picked.builtIn) : scenarioFileText(host, picked.file);
}

/** A scenario file's text, saved first when it has unsaved changes (a reload reads the comparison's scenario from disk). */
async function scenarioFileText(host: RunOnKafkaContext, uri: vscode.Uri): Promise<ScenarioText | undefined> {
  let document: vscode.TextDocument;
  try {
    document = await vscode.workspace.openTextDocument(uri);
  } catch (error) {
    void showError(host, `Kafka Offsets: cannot read ${baseName(uri.path)}: ${errorMessage(error)}`);
    return undefined;
  }
  if (!isScenarioFileName(uri.path) && !isScenarioText(document.getText())) {
    void showError(
      host,
      `Kafka Offsets: ${baseName(uri.path)} is not a scenario file: a scenario is a *.offsets.yaml file with topics, consumers and actions.`,
    );
    return undefined;
  }
  let saved = document.uri;
  if (document.isUntitled || document.isDirty) {
    const result = await vscode.workspace.save(document.uri);
    if (result === undefined) return undefined;
    saved = result;
  }
  return {
    origin: { kind: 'scenario-file', file: saved.fsPath },
    text: document.getText(),
    fileName: baseName(saved.path),
  };
}

/** The group protocol: the argument's, the one the scenario states, or the user's pick when it allows both. */
async function pickProtocol(scenario: Scenario, given: GroupProtocol | undefined): Promise<GroupProtocol | undefined> {
  if (given) return given;
  const allowed = scenarioProtocols(scenario);
  if (allowed.length === 1) return allowed[0];
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'classic', description: "Kafka's default group protocol (JoinGroup / SyncGroup)", protocol: 'classic' },
      { label: 'consumer', description: 'KIP-848: the broker computes the assignment', protocol: 'consumer' },
    ] as const,
    { title, placeHolder: `${scenario.name} runs under either group protocol: pick group.protocol` },
  );
  return picked?.protocol;
}

/** The bootstrap servers: the argument's, else a cluster picked from the settings (localhost:9092 offered), else typed in. */
async function pickBootstrapServers(host: RunOnKafkaContext, given: string | undefined): Promise<string | undefined> {
  if (given !== undefined) {
    const parsed = parseBootstrapServers(given);
    if ('error' in parsed) {
      void showError(host, `Kafka Offsets: bootstrap servers ${parsed.error}`);
      return undefined;
    }
    return parsed.servers.join(',');
  }
  type Item = vscode.QuickPickItem & { readonly cluster?: ClusterSetting; readonly enter?: true };
  const clusters = host.connections.clusters();
  const items: Item[] = clusters.map((cluster) => ({
    label: cluster.name,
    description: cluster.bootstrapServers,
    ...(cluster.tls?.enabled || cluster.sasl
      ? { detail: 'Uses TLS or SASL, which a run on Kafka does not support (it connects with PLAINTEXT)' }
      : {}),
    cluster,
  }));
  if (!clusters.some((cluster) => cluster.bootstrapServers === localCluster.bootstrapServers)) {
    items.push({
      label: localCluster.name,
      description: 'a local broker (npm run kafka:start)',
      cluster: localCluster,
    });
  }
  items.push({ label: '$(edit) Enter bootstrap servers…', enter: true });
  const picked = await vscode.window.showQuickPick(items, {
    title,
    placeHolder: 'Pick the cluster to run the scenario on (fresh topic and group per run, deleted afterwards)',
  });
  if (!picked) return undefined;
  if (picked.cluster) {
    if (picked.cluster.tls?.enabled || picked.cluster.sasl) {
      void showError(
        host,
        `Kafka Offsets: cluster "${picked.cluster.name}" uses TLS or SASL; a run on Kafka connects with PLAINTEXT only. Pick a plaintext listener or enter its bootstrap servers.`,
      );
      return undefined;
    }
    return picked.cluster.bootstrapServers;
  }
  const typed = await vscode.window.showInputBox({
    title,
    prompt: 'Bootstrap servers of a plaintext listener (host:port, comma-separated)',
    value: localCluster.bootstrapServers,
    validateInput: (text) => {
      const parsed = parseBootstrapServers(text);
      return 'error' in parsed ? parsed.error : undefined;
    },
  });
  if (typed === undefined) return undefined;
  const parsed = parseBootstrapServers(typed);
  return 'servers' in parsed ? parsed.servers.join(',') : undefined;
}

/** The Kafka jars folder the user set (user settings only: a workspace must not choose code to run). */
function kafkaJarsSetting(): string | undefined {
  const value = vscode.workspace
    .getConfiguration(settingIds.section)
    .inspect<string>(settingIds.kafkaJars)?.globalValue;
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Finds Java, the jars and the driver (compiled once); throws {@link BrokerRunSetupError} naming what is missing. */
async function prepareJavaSetup(host: RunOnKafkaContext, log: KafkaLogger): Promise<JavaSetup> {
  const extensionPath = host.context.extensionPath;
  const java = await prepareJava({
    jarsDir: findKafkaJars(kafkaJarsSetting(), extensionPath),
    driverSource: driverSourcePath(extensionPath),
  });
  log.info(`Java clients ${java.kafkaVersion} with ${java.java}`);
  return java;
}

/** The arguments that name the same scenario again (for "Run Again" after the jars were fetched). */
function scenarioArgument(source: ScenarioText): RunOnKafkaArguments {
  return source.origin.kind === 'built-in' ? { scenario: source.origin.name } : { file: source.origin.file };
}

/** Says exactly what is missing for a run (Java, the jars, the driver) and how to get it. */
function explainSetupError(
  host: RunOnKafkaContext,
  log: KafkaLogger,
  error: BrokerRunSetupError,
  args: RunOnKafkaArguments,
): void {
  if (error.missing === 'jars') {
    offerJars(host, log, args, kafkaJarsSetting());
  } else if (error.missing === 'java') {
    void showError(
      host,
      `Kafka Offsets: ${capitalized(error.message)}. A run on Kafka needs a JDK 17 or later (Kafka's Java clients run in a JVM, the driver is compiled with javac) on the PATH or in JAVA_HOME of VS Code (restart VS Code after changing them), then run again.`,
    );
  } else {
    void showError(
      host,
      `Kafka Offsets: the extension's Java driver is missing (${error.message}); reinstall the extension.`,
    );
  }
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The jars are missing: say where they were looked for, offer the setting and, in a checkout, Maven. */
function offerJars(
  host: RunOnKafkaContext,
  log: KafkaLogger,
  args: RunOnKafkaArguments,
  given: string | undefined,
): void {
  const script = path.join(host.context.extensionPath, 'scripts', 'kafka.mjs');
  const canFetch = fs.existsSync(script);
  const where = given
    ? `in ${path.resolve(given)} (setting offsetTrace.kafkaJars)`
    : `in KAFKA_OFFSET_TRACE_JARS or a .tools/kafka/lib folder above ${host.context.extensionPath}`;
  const fetchJars = 'Fetch Kafka jars with Maven';
  const openSetting = 'Set offsetTrace.kafkaJars…';
  void showError(
    host,
    `Kafka Offsets: a run on Kafka needs Kafka's Java client jars (kafka-clients-*.jar and its dependencies) and found none ${where}. Point the setting offsetTrace.kafkaJars to a folder that holds them (e.g. the libs/ folder of a Kafka download)${canFetch ? ', or fetch them with Maven (needs mvn and Java)' : ''}.`,
    ...(canFetch ? [fetchJars] : []),
    openSetting,
  ).then((choice) => {
    if (choice === fetchJars) void fetchJarsWithMaven(host, log, script, args);
    else if (choice === openSetting) {
      void vscode.commands.executeCommand(
        'workbench.action.openSettings',
        `${settingIds.section}.${settingIds.kafkaJars}`,
      );
    }
  });
}

/** Runs `node scripts/kafka.mjs jars` in a task of the extension's folder; offers to run again once it succeeded. */
async function fetchJarsWithMaven(
  host: RunOnKafkaContext,
  log: KafkaLogger,
  script: string,
  args: RunOnKafkaArguments,
): Promise<void> {
  try {
    const cwd = host.context.extensionPath;
    // The extension host's own Node (VS Code's Electron in Node mode on the desktop) runs the script.
    const execution = new vscode.ProcessExecution(process.execPath, [script, 'jars'], {
      cwd,
      env: { ELECTRON_RUN_AS_NODE: '1' },
    });
    const scope = vscode.workspace.workspaceFolders?.[0] ?? vscode.TaskScope.Workspace;
    const task = new vscode.Task(
      { type: fetchJarsTaskType },
      scope,
      'Fetch Kafka jars with Maven',
      'Kafka Offsets',
      execution,
    );
    task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, clear: true };
    log.info(`fetching the Kafka jars: ${process.execPath} ${script} jars (in ${cwd})`);
    const started = await vscode.tasks.executeTask(task);
    const exitCode = await new Promise<number | undefined>((resolve) => {
      const listener = vscode.tasks.onDidEndTaskProcess((event) => {
        if (event.execution !== started) return;
        listener.dispose();
        resolve(event.exitCode);
      });
    });
    if (exitCode === 0) {
      const again = 'Run Again';
      const choice = await vscode.window.showInformationMessage(
        'Kafka Offsets: the Kafka jars are in place (.tools/kafka/lib of the extension). Run the scenario on Kafka again?',
        again,
      );
      if (choice === again) await vscode.commands.executeCommand(commandIds.runScenarioOnKafka, args);
    } else {
      log.error(`fetching the Kafka jars ended with exit code ${String(exitCode)}`);
      void showError(
        host,
        `Kafka Offsets: fetching the Kafka jars failed (exit code ${String(exitCode)}); the task's terminal says why. It needs Maven (mvn) and Java on the PATH.`,
      );
    }
  } catch (error) {
    log.error(`cannot start the task that fetches the jars: ${errorMessage(error)}`);
    void showError(
      host,
      `Kafka Offsets: cannot start the task that fetches the Kafka jars (${errorMessage(error)}). Run "node scripts/kafka.mjs jars" in ${host.context.extensionPath} yourself.`,
    );
  }
}
