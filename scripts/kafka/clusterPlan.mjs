// The layout of a new cluster: a random cluster id, and for each node a broker port (the asked one, then
// the next ones or free ones), a controller port and a port per extra listener.

import { randomBytes } from 'node:crypto';
import { freePort, portFree } from './ports.mjs';
import { nodePaths } from './stateFile.mjs';

/** A Kafka Uuid as the storage tool's random-uuid prints it: 16 random bytes, base64url, no padding. */
export function randomClusterId() {
  for (;;) {
    const bytes = randomBytes(16);
    const id = bytes.toString('base64url');
    if (!id.startsWith('-') && bytes.some((b) => b !== 0)) return id;
  }
}

/**
 * The state of a new cluster of `brokers` nodes in `dataDir`, the first broker on `port`. Ports are
 * checked free now; the caller records the state and starts the nodes.
 */
export async function planCluster({ dataDir, kafkaVersion, brokers, port, overrides, listeners }) {
  const taken = new Set([port]);
  const nodes = [{ id: 1, port }];
  for (let id = 2; id <= brokers; id++) {
    let p = port + id - 1;
    if (p > 65535 || taken.has(p) || !(await portFree(p))) p = await freePort(taken);
    taken.add(p);
    nodes.push({ id, port: p });
  }
  for (const n of nodes) {
    n.controllerPort = await freePort(taken);
    taken.add(n.controllerPort);
    if (listeners.length) n.listeners = {};
    for (const l of listeners) {
      n.listeners[l.name] = await freePort(taken);
      taken.add(n.listeners[l.name]);
    }
  }
  return {
    kafkaVersion,
    clusterId: randomClusterId(),
    brokers,
    overrides,
    ...(listeners.length ? { listeners } : {}),
    dataDir,
    nodes: nodes.map((n) => ({ ...n, ...nodePaths(dataDir, n.id) })),
  };
}
