// The IDs the extension contributes in package.json (commands, views, settings, the panel's
// view type, context keys), as constants so code and manifest cannot drift apart unnoticed.

export const extensionId = 'kafka-offset-trace.kafka-offset-trace';

export const commandIds = {
  runDemo: 'offsetTrace.runDemo',
  openScenario: 'offsetTrace.openScenario',
  step: 'offsetTrace.step',
  stepBack: 'offsetTrace.stepBack',
  togglePlay: 'offsetTrace.togglePlay',
  first: 'offsetTrace.first',
  last: 'offsetTrace.last',
  exportTrace: 'offsetTrace.exportTrace',
  refreshClusters: 'offsetTrace.refreshClusters',
  addCluster: 'offsetTrace.addCluster',
  removeCluster: 'offsetTrace.removeCluster',
  inspectGroup: 'offsetTrace.inspectGroup',
  resetOffsets: 'offsetTrace.resetOffsets',
  deleteOffsets: 'offsetTrace.deleteOffsets',
  newScenario: 'offsetTrace.newScenario',
  runScenarioFile: 'offsetTrace.runScenarioFile',
  debugScenarioFile: 'offsetTrace.debugScenarioFile',
  openTraceFile: 'offsetTrace.openTraceFile',
  showLog: 'offsetTrace.showLog',
  localKafkaHelp: 'offsetTrace.localKafkaHelp',
  runScenarioOnKafka: 'offsetTrace.runScenarioOnKafka',
  recordGroup: 'offsetTrace.recordGroup',
  stopRecording: 'offsetTrace.stopRecording',
  filterGroups: 'offsetTrace.filterGroups',
  clearGroupFilter: 'offsetTrace.clearGroupFilter',
} as const;

export const viewIds = {
  container: 'offsetTrace',
  offsets: 'offsetTrace.offsets',
  clusters: 'offsetTrace.clusters',
} as const;

/** The Get Started walkthrough (contributes.walkthroughs) and its full id for `workbench.action.openWalkthrough`. */
export const walkthroughIds = {
  gettingStarted: 'offsetTrace.gettingStarted',
  gettingStartedFull: `${extensionId}#offsetTrace.gettingStarted`,
} as const;

export const panelViewType = 'offsetTrace.executionTable';
export const groupPanelViewType = 'offsetTrace.groupInspector';

export const settingIds = {
  section: 'offsetTrace',
  playIntervalMs: 'playIntervalMs',
  openDemoOnStartup: 'openDemoOnStartup',
  clusters: 'clusters',
  refreshIntervalSeconds: 'refreshIntervalSeconds',
  connectionTimeoutMs: 'connectionTimeoutMs',
  kafkaJars: 'kafkaJars',
  recordingIntervalMs: 'recordingIntervalMs',
} as const;

/** The task type of "Fetch Kafka jars with Maven" (contributes.taskDefinitions). */
export const fetchJarsTaskType = 'offsetTrace.fetchKafkaJars';

export const contextKeys = {
  hasTrace: 'offsetTrace.hasTrace',
  playing: 'offsetTrace.playing',
  recording: 'offsetTrace.recording',
  groupFilter: 'offsetTrace.groupFilter',
} as const;
