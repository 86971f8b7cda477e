// `list`: every group of every type (classic, consumer, share, streams) with its type and protocol, as
// `kafka-groups --list` prints them (GROUP TYPE PROTOCOL); `--json` adds each group's state.

import type { KafkaClient } from '../kafka/kafkaClientLoader';
import type { KafkaConnectionOptions } from '../kafka/kafkaModel';
import { formatGroupList, toGroupListJson } from '../kafka/tables/groupListTable';
import type { CliOutput } from './cliOutput';
import { loadClientForCommand } from './kafkaClientLoading';

/** Runs `list`; resolves to the exit code. */
export async function listCommand(
  options: KafkaConnectionOptions,
  json: boolean,
  output: CliOutput,
  loadKafkaClient: () => KafkaClient,
): Promise<number> {
  const client = loadClientForCommand(loadKafkaClient);
  const inspector = client.createKafkaInspector(options);
  try {
    const groups = await inspector.listGroups();
    output.out(json ? `${JSON.stringify(toGroupListJson(groups), null, 2)}\n` : formatGroupList(groups));
    return 0;
  } finally {
    await inspector.close();
  }
}
