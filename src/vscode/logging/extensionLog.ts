// The extension's log: one LogOutputChannel, "Kafka Offset Trace", behind the Kafka layer's small
// logger interface. Every line is redacted again here (passwords, tokens, JAAS configs), so even a
// careless caller cannot put a secret in it.

import * as vscode from 'vscode';
import { redactingLogger, type KafkaLogger } from '../../kafka/kafkaLogger';

/** The name of the output channel (Output view, "Kafka Offsets: Show Log"). */
export const logChannelName = 'Kafka Offset Trace';

/** The log output channel, and loggers that write to it. */
export class ExtensionLog implements vscode.Disposable {
  private readonly channel: vscode.LogOutputChannel;
  /** Writes to the channel, every line redacted. */
  readonly logger: KafkaLogger;

  constructor() {
    this.channel = vscode.window.createOutputChannel(logChannelName, { log: true });
    const channel = this.channel;
    this.logger = redactingLogger({
      debug: (message) => channel.debug(message),
      info: (message) => channel.info(message),
      warn: (message) => channel.warn(message),
      error: (message) => channel.error(message),
    });
  }

  /** A logger whose lines start with `[scope]` (e.g. a cluster's name). */
  scoped(scope: string): KafkaLogger {
    const prefix = `[${scope}] `;
    return {
      debug: (message) => this.logger.debug(prefix + message),
      info: (message) => this.logger.info(prefix + message),
      warn: (message) => this.logger.warn(prefix + message),
      error: (message) => this.logger.error(prefix + message),
    };
  }

  /** Reveals the channel in the Output view, keeping the focus where it is. */
  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
