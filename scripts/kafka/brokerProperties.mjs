// The config files of one node, written at every start: server.properties (KRaft broker+controller on
// 127.0.0.1, replication sized to the cluster, the user's --override last) and its log4j2 config.

import { HOST } from './locations.mjs';

/** The server.properties text of `node` in the cluster `state`. */
export function brokerProperties(state, node) {
  const rf = state.brokers;
  const minIsr = rf >= 3 ? 2 : 1;
  const extra = state.listeners ?? [];
  const props = {
    'process.roles': 'broker,controller',
    'node.id': node.id,
    'controller.quorum.voters': state.nodes.map((n) => `${n.id}@${HOST}:${n.controllerPort}`).join(','),
    listeners: [
      `PLAINTEXT://${HOST}:${node.port}`,
      `CONTROLLER://${HOST}:${node.controllerPort}`,
      ...extra.map((l) => `${l.name}://${HOST}:${node.listeners[l.name]}`),
    ].join(','),
    'advertised.listeners': [
      `PLAINTEXT://${HOST}:${node.port}`,
      ...extra.map((l) => `${l.name}://${HOST}:${node.listeners[l.name]}`),
    ].join(','),
    'listener.security.protocol.map': [
      'PLAINTEXT:PLAINTEXT',
      'CONTROLLER:PLAINTEXT',
      ...extra.map((l) => `${l.name}:${l.protocol}`),
    ].join(','),
    'inter.broker.listener.name': 'PLAINTEXT',
    'controller.listener.names': 'CONTROLLER',
    'log.dirs': node.logDirs,
    'num.partitions': 1,
    'default.replication.factor': rf,
    'offsets.topic.replication.factor': rf,
    'transaction.state.log.replication.factor': rf,
    'transaction.state.log.min.isr': minIsr,
    'share.coordinator.state.topic.replication.factor': rf,
    'share.coordinator.state.topic.min.isr': minIsr,
    'group.initial.rebalance.delay.ms': 0,
    // Short group timeouts allowed, so scenarios run on this broker (run-on-kafka) keep their waits
    // short: a group may ask for a 1 s session; the consumer protocol's members heartbeat every 500 ms.
    'group.min.session.timeout.ms': 1000,
    'group.consumer.min.session.timeout.ms': 1000,
    'group.consumer.min.heartbeat.interval.ms': 100,
    'group.consumer.heartbeat.interval.ms': 500,
  };
  for (const kv of state.overrides ?? []) {
    const eq = kv.indexOf('=');
    props[kv.slice(0, eq).trim()] = kv.slice(eq + 1).trim();
  }
  return (
    '# Written by scripts/kafka.mjs at every start (change it with --override key=value).\n' +
    Object.entries(props)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') +
    '\n'
  );
}

/** The broker's log4j2 config: everything at info to stdout, which goes to server.log. */
export const BROKER_LOG4J = [
  '# Written by scripts/kafka.mjs: the broker logs to stdout, which goes to server.log beside this file.',
  'status = warn',
  'appender.stdout.type = Console',
  'appender.stdout.name = STDOUT',
  'appender.stdout.layout.type = PatternLayout',
  'appender.stdout.layout.pattern = [%d] %p %m (%c)%n',
  'rootLogger.level = info',
  'rootLogger.appenderRef.stdout.ref = STDOUT',
  'logger.request.name = kafka.request.logger',
  'logger.request.level = warn',
  '',
].join('\n');
