// `list`: every group of every type (classic, consumer, share, streams) with its type and protocol, as
// `kafka-groups --list` prints them (GROUP TYPE PROTOCOL); `--json` adds each group's state. Over the
// wire on plaintext connections (no client library loaded), else with the full client.

import type { KafkaClient } from '../kafka/kafkaClientLoader';
import type { GroupListing, KafkaConnectionOptions } from '../kafka/kafkaModel';
import { formatGroupList, toGroupListJson } from '../kafka/tables/groupListTable';
import { listGroupsOverWire } from '../kafka/wire/wireGroupListing';
import { isWireFallback, runOverWire } from '../kafka/wire/wireOperation';
import type { CliOutput } from './cliOutput';
import { loadClientForCommand } from './kafkaClientLoading';

async function listWithClient(
  options: KafkaConnectionOptions,
  loadKafkaClient: () => KafkaClient,
): Promise<GroupListing[]> {
  const client = loadClientForCommand(loadKafkaClient);
  const inspector = client.createKafkaInspector(options);
  try {
    return await inspector.listGroups();
  } finally {
    await inspector.close();
  }
}

/** Runs `list`; resolves to the exit code. */
export async function listCommand(
  options: KafkaConnectionOptions,
  json: boolean,
  output: CliOutput,
  loadKafkaClient: () => KafkaClient,
): Promise<number> {
  let groups: GroupListing[];
  try {
    groups = await runOverWire(options, 'listing consumer groups', undefined, (session) => listGroupsOverWire(session));
  } catch (error) {
    if (!isWireFallback(error)) throw error;
    groups = await listWithClient(options, loadKafkaClient);
  }
  output.out(json ? `${JSON.stringify(toGroupListJson(groups), null, 2)}\n` : formatGroupList(groups));
  return 0;
}
