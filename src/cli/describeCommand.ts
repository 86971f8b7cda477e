// `describe`: a group of any type with the matching Kafka tool's columns: the consumer group tool's
// for classic and KIP-848 groups, `kafka-share-groups`' for share groups, `kafka-streams-groups
// --verbose`' offsets for streams groups; `--members [--verbose]` and `--state [--verbose]` as those
// tools print them; `--json` as the CLI contract says. Classic and KIP-848 groups on plaintext
// connections are described over the wire (no client library loaded); the rest with the full client.

import type { KafkaClient } from '../kafka/kafkaClientLoader';
import type { AnyGroupDescription } from '../kafka/kafkaModel';
import { describeGroupOverWire } from '../kafka/wire/wireGroupDescribe';
import { isWireFallback, runOverWire } from '../kafka/wire/wireOperation';
import { startWireRequestCounter } from '../kafka/wire/wireRequestCounter';
import type { CliOutput } from './cliOutput';
import { describeAllGroups } from './describeAllGroupsCommand';
import { describeJson, describeText, statsLine, type CountedRequests, type DescribeArgs } from './describeOutput';
import { loadClientForCommand } from './kafkaClientLoading';
import { UsageError } from './usageError';

export type { DescribeArgs } from './describeOutput';

/** The group through the full client (share and streams groups, TLS, SASL, and answers the wire path hands back). */
async function describeWithClient(
  args: DescribeArgs & { readonly groupId: string },
  loadKafkaClient: () => KafkaClient,
  counted: CountedRequests[],
): Promise<AnyGroupDescription> {
  const client = loadClientForCommand(loadKafkaClient);
  const counter = args.requestStats ? client.startRequestCounter() : undefined;
  const inspector = client.createKafkaInspector(args.options);
  try {
    return await inspector.describeAnyGroup(args.groupId);
  } finally {
    await inspector.close();
    if (counter) counted.push(counter.stop());
  }
}

/**
 * The group, described over the wire (no client library loaded: the fast path for classic and KIP-848
 * groups on plaintext connections), else with the full client.
 */
async function describeGroup(
  args: DescribeArgs & { readonly groupId: string },
  loadKafkaClient: () => KafkaClient,
  counted: CountedRequests[],
): Promise<AnyGroupDescription> {
  const wireCounter = args.requestStats ? startWireRequestCounter() : undefined;
  try {
    const description = await runOverWire(
      args.options,
      `describing group "${args.groupId}"`,
      args.groupId,
      (session, progress) => describeGroupOverWire(session, progress, args.groupId),
    );
    return { ...description, type: description.protocol };
  } catch (error) {
    if (!isWireFallback(error)) throw error;
  } finally {
    if (wireCounter) counted.push(wireCounter.stop());
  }
  return describeWithClient(args, loadKafkaClient, counted);
}

/** Runs `describe`; resolves to the exit code. */
export async function describeCommand(
  args: DescribeArgs,
  output: CliOutput,
  loadKafkaClient: () => KafkaClient,
): Promise<number> {
  if (args.members && args.state) throw new UsageError('describe takes --members or --state, not both');
  if (args.groupId === null) return describeAllGroups(args, output, loadKafkaClient);
  const groupArgs = { ...args, groupId: args.groupId };
  const counted: CountedRequests[] = [];
  try {
    const description = await describeGroup(groupArgs, loadKafkaClient, counted);
    if (args.json) {
      output.out(`${JSON.stringify(describeJson(description, args), null, 2)}\n`);
    } else {
      const { notice, table } = describeText(description, args);
      if (notice) output.err(`${notice}\n`);
      output.out(table);
    }
    return 0;
  } finally {
    if (args.requestStats) output.err(statsLine(counted));
  }
}
