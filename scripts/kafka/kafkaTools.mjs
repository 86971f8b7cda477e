// Kafka's own CLI tools: the alias of each (its bin/kafka-<alias>.sh name) and the classes it may be in,
// finding the class in the jars, and the JVM options (small heap, quiet logging) for short-lived tools.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { fail } from './cliOutput.mjs';
import { LIB_DIR, TOOLS_DIR } from './locations.mjs';
import { readText } from './textFiles.mjs';

/** Kafka CLI tools by the name of their bin/kafka-<name>.sh script; the first class found in the jars wins. */
export const TOOL_ALIASES = {
  'consumer-groups': [
    'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand',
    'org.apache.kafka.tools.consumergroup.ConsumerGroupCommand',
    'kafka.admin.ConsumerGroupCommand',
  ],
  topics: ['org.apache.kafka.tools.TopicCommand', 'kafka.admin.TopicCommand'],
  'console-producer': ['org.apache.kafka.tools.ConsoleProducer', 'kafka.tools.ConsoleProducer'],
  'console-consumer': ['org.apache.kafka.tools.consumer.ConsoleConsumer', 'kafka.tools.ConsoleConsumer'],
  'get-offsets': ['org.apache.kafka.tools.GetOffsetShell', 'kafka.tools.GetOffsetShell'],
  configs: ['org.apache.kafka.tools.ConfigCommand', 'kafka.admin.ConfigCommand'],
  groups: ['org.apache.kafka.tools.GroupsCommand'],
  'share-groups': ['org.apache.kafka.tools.consumer.group.ShareGroupCommand'],
  'streams-groups': ['org.apache.kafka.tools.streams.StreamsGroupCommand'],
  'console-share-consumer': ['org.apache.kafka.tools.consumer.ConsoleShareConsumer'],
  'delete-records': ['org.apache.kafka.tools.DeleteRecordsCommand', 'kafka.admin.DeleteRecordsCommand'],
  'metadata-quorum': ['org.apache.kafka.tools.MetadataQuorumCommand'],
  cluster: ['org.apache.kafka.tools.ClusterTool', 'kafka.tools.ClusterTool'],
  features: ['org.apache.kafka.tools.FeatureCommand', 'kafka.admin.FeatureCommand'],
  'broker-api-versions': ['org.apache.kafka.tools.BrokerApiVersionsCommand', 'kafka.admin.BrokerApiVersionsCommand'],
  transactions: ['org.apache.kafka.tools.TransactionsCommand'],
  storage: ['kafka.tools.StorageTool', 'org.apache.kafka.tools.StorageTool'],
};

/** Aliases whose command line takes a plain `--bootstrap-server`; `tool --port P` (and the test helper) adds it. */
export const BOOTSTRAP_ALIASES = new Set([
  'consumer-groups',
  'topics',
  'console-producer',
  'console-consumer',
  'get-offsets',
  'configs',
  'groups',
  'share-groups',
  'streams-groups',
  'console-share-consumer',
  'delete-records',
  'transactions',
  'metadata-quorum',
  'features',
  'broker-api-versions',
]);

/** The first candidate class present in the Kafka jars (zip central directories hold entry names verbatim). */
export function resolveToolClass(alias) {
  const candidates = TOOL_ALIASES[alias];
  if (!candidates) {
    if (/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)+$/.test(alias)) return alias;
    fail(`unknown tool '${alias}': use one of ${Object.keys(TOOL_ALIASES).join(', ')} or a main class name`);
  }
  const jars = fs
    .readdirSync(LIB_DIR)
    .filter((f) => f.startsWith('kafka') && f.endsWith('.jar'))
    .map((f) => fs.readFileSync(path.join(LIB_DIR, f)));
  for (const cls of candidates) {
    const entry = Buffer.from(cls.replaceAll('.', '/') + '.class');
    if (jars.some((jar) => jar.includes(entry))) return cls;
  }
  return fail(`no class for tool '${alias}' in the Kafka jars (tried ${candidates.join(', ')})`);
}

/** Writes (when changed) the log4j2 config that sends tool logging, warnings and up, to stderr. */
function toolsLog4jConfig() {
  const file = path.join(TOOLS_DIR, 'tools-log4j2.properties');
  const text = [
    '# Written by scripts/kafka.mjs: Kafka CLI tools log warnings and errors to stderr only.',
    'status = warn',
    'appender.stderr.type = Console',
    'appender.stderr.name = STDERR',
    'appender.stderr.target = SYSTEM_ERR',
    'appender.stderr.layout.type = PatternLayout',
    'appender.stderr.layout.pattern = [%d] %p %m (%c)%n',
    'rootLogger.level = warn',
    'rootLogger.appenderRef.stderr.ref = STDERR',
    '',
  ].join('\n');
  if (readText(file) !== text) {
    fs.mkdirSync(TOOLS_DIR, { recursive: true });
    fs.writeFileSync(file, text);
  }
  return file;
}

/** JVM options for short-lived tool processes: small heap, fast start. */
export const toolJvmOptions = () => [
  '-Xmx256m',
  '-XX:+UseSerialGC',
  '-XX:TieredStopAtLevel=1',
  '-Djava.awt.headless=true',
  `-Dlog4j2.configurationFile=${toolsLog4jConfig()}`,
];
