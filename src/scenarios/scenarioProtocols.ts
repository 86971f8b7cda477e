// A scenario under the other group protocol: the classic protocol's settings become the consumer
// protocol's (session.timeout.ms turns into the group's consumer.session.timeout.ms; heartbeat and
// assignor settings are the broker's), so one scenario can be compared on a broker under both.

import type { ConsumerSetup, Scenario } from '../simulator/model';

export type GroupProtocol = 'classic' | 'consumer';

/** The consumer settings the consumer protocol refuses (ConsumerConfig's CLASSIC_PROTOCOL_ONLY). */
const classicOnly = ['session.timeout.ms', 'heartbeat.interval.ms', 'partition.assignment.strategy'];
/** The consumer settings the classic protocol refuses. */
const consumerOnly = ['group.remote.assignor'];

/** The protocols a scenario can run under: the one it states (group.protocol or an assignor), else both. */
export function scenarioProtocols(scenario: Pick<Scenario, 'consumers'>): GroupProtocol[] {
  const stated = (name: string) => scenario.consumers.some((c) => c.properties?.[name] !== undefined);
  if (stated('group.protocol') || stated('group.remote.assignor')) {
    return [scenario.consumers[0]?.config?.groupProtocol === 'consumer' ? 'consumer' : 'classic'];
  }
  if (stated('partition.assignment.strategy')) return ['classic'];
  return ['classic', 'consumer'];
}

/** The group protocol the scenario's consumers use. */
export function protocolOf(scenario: Pick<Scenario, 'consumers'>): GroupProtocol {
  return scenario.consumers[0]?.config?.groupProtocol === 'consumer' ? 'consumer' : 'classic';
}

/** The scenario with every consumer on `protocol`, its timeouts carried over where the protocol keeps them elsewhere. */
export function withGroupProtocol(scenario: Scenario, protocol: GroupProtocol): Scenario {
  if (protocolOf(scenario) === protocol) return scenario;
  let sessionTimeoutMs: number | undefined;
  const consumers: ConsumerSetup[] = scenario.consumers.map((consumer) => {
    const properties = { ...consumer.properties };
    const config = { ...consumer.config, groupProtocol: protocol };
    if (protocol === 'consumer') {
      if (config.sessionTimeoutMs !== undefined) sessionTimeoutMs = config.sessionTimeoutMs;
      for (const name of classicOnly) delete properties[name];
      delete config.sessionTimeoutMs;
      delete config.heartbeatIntervalMs;
      delete config.assignor;
      properties['group.protocol'] = 'consumer';
    } else {
      for (const name of consumerOnly) delete properties[name];
      delete properties['group.protocol'];
      const groupTimeout = scenario.groupSettings?.consumerSessionTimeoutMs;
      if (groupTimeout !== undefined) {
        config.sessionTimeoutMs = groupTimeout;
        properties['session.timeout.ms'] = String(groupTimeout);
      }
    }
    return { id: consumer.id, config, properties };
  });
  const groupSettings = { ...scenario.groupSettings };
  const groupProperties: Record<string, string> = { ...scenario.groupProperties };
  if (protocol === 'consumer' && sessionTimeoutMs !== undefined) {
    groupSettings.consumerSessionTimeoutMs = sessionTimeoutMs;
    groupProperties['consumer.session.timeout.ms'] = String(sessionTimeoutMs);
  }
  return { ...scenario, consumers, groupSettings, groupProperties };
}
