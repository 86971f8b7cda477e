// `describe --all-groups`: every consumer group (classic and KIP-848), as `kafka-consumer-groups
// --describe --all-groups` prints them: in group id order, each group's table (or members, or state)
// with its notice on stderr. On plaintext connections over the wire in a fixed number of requests
// (ListGroups per broker, one FindCoordinator, per coordinator one of each describe API and one
// OffsetFetch, one Metadata, one ListOffsets per leader); otherwise, and for any group the wire path
// hands back, with the full client, group by group.

import { groupIdOrder, isConsumerGroupListing } from '../kafka/groupKinds';
import { isKafkaOperationError } from '../kafka/kafkaErrors';
import type { KafkaClient } from '../kafka/kafkaClientLoader';
import type { AnyGroupDescription, GroupDescription, GroupListing } from '../kafka/kafkaModel';
import { describeGroupsOverWire } from '../kafka/wire/wireGroupDescribe';
import { listGroupsOverWire } from '../kafka/wire/wireGroupListing';
import { isWireFallback, runOverWire } from '../kafka/wire/wireOperation';
import { startWireRequestCounter } from '../kafka/wire/wireRequestCounter';
import type { CliOutput } from './cliOutput';
import { describeJson, describeText, statsLine, type CountedRequests, type DescribeArgs } from './describeOutput';
import { loadClientForCommand } from './kafkaClientLoading';

/** How many groups the full client describes at once. */
const clientConcurrency = 8;

/** Every consumer group's description or the error that stopped it, by group id. */
type Outcomes = Map<string, GroupDescription | Error>;

/** The consumer groups and their descriptions over the wire; null when the wire path hands it all back. */
async function overWire(args: DescribeArgs): Promise<Outcomes | null> {
  try {
    return await runOverWire(args.options, 'describing every consumer group', undefined, async (session, progress) => {
      const listings = (await listGroupsOverWire(session)).filter(isConsumerGroupListing);
      return describeGroupsOverWire(
        session,
        progress,
        listings.map((l) => ({ groupId: l.groupId, type: l.type === 'consumer' ? 'consumer' : 'classic' })),
      );
    });
  } catch (error) {
    if (isWireFallback(error)) return null;
    throw error;
  }
}

/** Describes `groupIds` with the full client, a few at a time, into `outcomes`; lists them first when not given. */
async function withClient(
  args: DescribeArgs,
  loadKafkaClient: () => KafkaClient,
  outcomes: Outcomes,
  groupIds: readonly string[] | null,
  counted: CountedRequests[],
): Promise<void> {
  const client = loadClientForCommand(loadKafkaClient);
  const counter = args.requestStats ? client.startRequestCounter() : undefined;
  const inspector = client.createKafkaInspector(args.options);
  try {
    const ids =
      groupIds ??
      (await inspector.listGroups()).filter((l: GroupListing) => isConsumerGroupListing(l)).map((l) => l.groupId);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < ids.length) {
        const groupId = ids[next++];
        try {
          outcomes.set(groupId, await inspector.describeGroup(groupId));
        } catch (error) {
          outcomes.set(groupId, error as Error);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(clientConcurrency, ids.length) }, worker));
  } finally {
    await inspector.close();
    if (counter) counted.push(counter.stop());
  }
}

/** Runs `describe --all-groups`; resolves to the exit code (1 when a group could not be described). */
export async function describeAllGroups(
  args: DescribeArgs,
  output: CliOutput,
  loadKafkaClient: () => KafkaClient,
): Promise<number> {
  const counted: CountedRequests[] = [];
  try {
    const wireCounter = args.requestStats ? startWireRequestCounter() : undefined;
    let outcomes: Outcomes | null;
    try {
      outcomes = await overWire(args);
    } finally {
      if (wireCounter) counted.push(wireCounter.stop());
    }
    if (outcomes === null) {
      outcomes = new Map();
      await withClient(args, loadKafkaClient, outcomes, null, counted);
    } else {
      const handedBack = [...outcomes].filter(([, o]) => isWireFallback(o)).map(([id]) => id);
      if (handedBack.length > 0) await withClient(args, loadKafkaClient, outcomes, handedBack, counted);
    }
    const groupIds = [...outcomes.keys()].sort(groupIdOrder);
    let failures = 0;
    const json: unknown[] = [];
    // thousands of groups: the text goes out in a few large writes, not two per group
    const out: string[] = [];
    const err: string[] = [];
    for (const groupId of groupIds) {
      const outcome = outcomes.get(groupId) as GroupDescription | Error;
      if (outcome instanceof Error) {
        // a group deleted between the listing and its describe is gone, as the tool says; anything else failed
        const gone = isKafkaOperationError(outcome) && outcome.kind === 'unknownGroup';
        if (!gone) failures++;
        const message = gone ? `Consumer group '${groupId}' does not exist.` : `${groupId}: ${outcome.message}`;
        if (args.json) json.push({ group: groupId, error: message });
        else err.push(`${message}\n`);
        continue;
      }
      const description: AnyGroupDescription = { ...outcome, type: outcome.protocol };
      if (args.json) {
        json.push(describeJson(description, args));
        continue;
      }
      const { notice, table } = describeText(description, args);
      if (notice) err.push(`${notice}\n`);
      out.push(table);
    }
    if (err.length > 0) output.err(err.join(''));
    if (args.json) output.out(`${JSON.stringify({ groups: json }, null, 2)}\n`);
    else if (out.length > 0) output.out(out.join(''));
    if (failures > 0) output.err(`${failures} of ${groupIds.length} groups could not be described\n`);
    return failures > 0 ? 1 : 0;
  } finally {
    if (args.requestStats) output.err(statsLine(counted));
  }
}
