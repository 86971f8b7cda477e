// What the Clusters view shows when a cluster's groups cannot be loaded: for the default
// localhost:9092 that nothing answers on, how to start a local Kafka or add a cluster, and a retry;
// for any other failure, one error item that retries. Pure: the glue maps actions to commands.

import { isKafkaOperationError } from '../kafka/kafkaErrors';
import { localCluster, type ClusterSetting } from './clusterSettings';
import { errorText } from './errorText';

/** What clicking an item does. */
export type ClusterProblemAction = 'retry' | 'localKafkaHelp' | 'addCluster';

/** One item under a cluster that failed to load. */
export interface ClusterProblemItem {
  readonly label: string;
  readonly description?: string;
  readonly tooltip: string;
  /** A codicon name. */
  readonly icon: string;
  /** Shown in the error colour. */
  readonly isError: boolean;
  readonly action?: ClusterProblemAction;
}

/** The command that starts a local Kafka with demo data, from a checkout of this project. */
export const localKafkaCommand = 'npm start -- --kafka';

/** The text of "Start a Local Kafka…": how to get a broker on localhost:9092. */
export const localKafkaHelpText =
  `To get a Kafka on localhost:9092, run "${localKafkaCommand}" in a checkout of Kafka Offset Trace: it starts ` +
  'a local broker (Java 17 or newer; Maven the first time) with a demo topic and consumer group. Any Kafka ' +
  'broker that listens on localhost:9092 works too. Then retry, or add your own cluster.';

/** True when nothing answered at the bootstrap servers (refused, unknown host, no answer in time). */
export function isUnreachable(error: unknown): boolean {
  return isKafkaOperationError(error) && error.kind === 'unreachable';
}

/** The reason in a message's closing parentheses, e.g. `connection refused`. */
function reasonOf(message: string): string | undefined {
  return /\(([^()]+)\)\s*$/.exec(message)?.[1];
}

/**
 * The items shown under `cluster` when loading its groups failed with `error`. `offeredDefault` says
 * whether the cluster is the `localhost:9092` offered because none is configured: then an unreachable
 * broker gets help (start a local Kafka, add a cluster, retry). Otherwise: one error item that retries.
 */
export function clusterProblemItems(
  cluster: ClusterSetting,
  error: unknown,
  offeredDefault: boolean,
): ClusterProblemItem[] {
  const message = errorText(error);
  const isDefaultLocal = offeredDefault && cluster.bootstrapServers === localCluster.bootstrapServers;
  if (!isDefaultLocal || !isUnreachable(error)) {
    return [{ label: message, tooltip: `${message}\nClick to retry.`, icon: 'error', isError: true, action: 'retry' }];
  }
  const reason = reasonOf(message);
  return [
    {
      label: `No Kafka on ${cluster.bootstrapServers}`,
      ...(reason ? { description: reason } : {}),
      tooltip: `${message}\nNo cluster is configured, so ${cluster.bootstrapServers} is tried. Start a local Kafka there, or add your cluster.`,
      icon: 'debug-disconnect',
      isError: true,
    },
    {
      label: 'Start a Local Kafka…',
      description: localKafkaCommand,
      tooltip: localKafkaHelpText,
      icon: 'terminal',
      isError: false,
      action: 'localKafkaHelp',
    },
    {
      label: 'Add Cluster…',
      description: 'your own bootstrap servers',
      tooltip: 'Add a cluster by its bootstrap servers, with TLS and SASL if it needs them.',
      icon: 'add',
      isError: false,
      action: 'addCluster',
    },
    {
      label: 'Retry',
      tooltip: `Try ${cluster.bootstrapServers} again.`,
      icon: 'refresh',
      isError: false,
      action: 'retry',
    },
  ];
}
