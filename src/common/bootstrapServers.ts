// Parses a bootstrap-server list (`host:port[,host:port...]`, as Kafka's tools take it): the one
// parser behind the CLI's --bootstrap-server, the Add Cluster prompt and the clusters setting.

/** The servers of a list, or a message saying what is wrong (and which entry, when one is). */
export type BootstrapServersResult =
  { readonly servers: string[] } | { readonly error: string; readonly badEntry: string | undefined };

const hostPort = /^(\[[0-9a-fA-F:.]+\]|[^\s:[\]]+):(\d{1,5})$/;

/** Splits and checks a bootstrap list: every entry must be `host:port` with a port from 1 to 65535. */
export function parseBootstrapServers(text: string): BootstrapServersResult {
  const servers = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (servers.length === 0) return { error: 'no bootstrap server given (expected host:port)', badEntry: undefined };
  for (const server of servers) {
    const match = hostPort.exec(server);
    if (!match || Number(match[2]) < 1 || Number(match[2]) > 65_535) {
      return { error: `"${server}" is not host:port`, badEntry: server };
    }
  }
  return { servers };
}
