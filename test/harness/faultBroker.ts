// A second real Kafka for the VS Code suite's fault test, which the test inside VS Code can stop and
// start again: it prints a `[kot-kafka]` line ({ id, action: "stop" | "start" }), this runner does it
// and answers with a file `<id>.kafka-done` (or `.kafka-error`) in the screenshot folder, which both
// sides share. The suite's main broker is never touched, so the other tests are not disturbed.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Admin } from '@platformatic/kafka';
import { startKafka, type KafkaCluster } from '../live/kafkaBroker';
import { extractMarkerJson } from './codeServer';

export const KAFKA_MARKER = '[kot-kafka]';

/** The group on the fault broker: committed offsets on a topic with records, no members. */
export const faultGroup = 'fault-orders';

/** Starts the fault broker with its topic and group. */
export async function startFaultBroker(): Promise<KafkaCluster> {
  const kafka = await startKafka();
  try {
    const admin = new Admin({ clientId: 'vscode-suite-fault-admin', bootstrapBrokers: [kafka.bootstrapServers] });
    try {
      await admin.createTopics({ topics: ['fault-orders'], partitions: 2, replicas: 1 });
      await admin.alterConsumerGroupOffsets({
        groupId: faultGroup,
        topics: [
          {
            name: 'fault-orders',
            partitionOffsets: [
              { partition: 0, offset: 0n },
              { partition: 1, offset: 0n },
            ],
          },
        ],
      });
    } finally {
      await admin.close();
    }
    return kafka;
  } catch (error) {
    await kafka.stop();
    throw error;
  }
}

/**
 * A log-line handler for runExtensionTests: carries out the `[kot-kafka]` requests one after the
 * other (stop: the broker's process; start: again, waiting until it serves metadata).
 */
export function faultBrokerRequests(kafka: KafkaCluster, screenshotDir: string): (line: string) => void {
  let chain: Promise<void> = Promise.resolve();
  return (line) => {
    const request = extractMarkerJson(line, KAFKA_MARKER);
    if (typeof request !== 'object' || request === null) return;
    const { id, action } = request as { id?: unknown; action?: unknown };
    if (typeof id !== 'string' || (action !== 'stop' && action !== 'start')) return;
    const base = path.join(screenshotDir, id);
    chain = chain.then(async () => {
      try {
        if (action === 'stop') await kafka.stopNode(kafka.nodes[0].id);
        else await kafka.restartStoppedNodes();
        fs.writeFileSync(`${base}.kafka-done`, action);
      } catch (error) {
        fs.writeFileSync(`${base}.kafka-error`, error instanceof Error ? error.message : String(error));
      }
    });
  };
}
