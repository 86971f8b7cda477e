// The clusters a user configured (setting `offsetTrace.clusters`): validation with messages that
// name the entry and field, and the step from a saved entry plus its secret to connection options.
// Secrets never live here: passwords and tokens come from VS Code's SecretStorage at connect time.

import { parseBootstrapServers } from '../common/bootstrapServers';
import type { KafkaConnectionOptions, SaslMechanism } from '../kafka/kafkaModel';

/** A cluster as stored in settings (no secrets). */
export interface ClusterSetting {
  readonly name: string;
  /** Comma-separated `host:port` list, as Kafka's tools take it. */
  readonly bootstrapServers: string;
  readonly tls?: {
    readonly enabled: boolean;
    readonly caFile?: string;
    /** Accept any certificate: for test clusters only (the UI warns). */
    readonly skipVerify?: boolean;
  };
  readonly sasl?: {
    readonly mechanism: SaslMechanism;
    /** For PLAIN and SCRAM; OAUTHBEARER takes only a token. */
    readonly username?: string;
  };
}

/** The cluster offered when none is configured: a local broker (`npm run kafka:start`). */
export const localCluster: ClusterSetting = { name: 'localhost:9092', bootstrapServers: 'localhost:9092' };

const mechanisms: readonly SaslMechanism[] = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512', 'OAUTHBEARER'];

/** The valid entries of the setting, and one message per invalid one (naming it). */
export function readClusterSettings(value: unknown): { clusters: ClusterSetting[]; problems: string[] } {
  const clusters: ClusterSetting[] = [];
  const problems: string[] = [];
  if (value === undefined || value === null) return { clusters, problems };
  if (!Array.isArray(value)) return { clusters, problems: ['offsetTrace.clusters must be a list of clusters'] };
  const names = new Set<string>();
  value.forEach((entry: unknown, index) => {
    const where = `offsetTrace.clusters[${index}]`;
    if (typeof entry !== 'object' || entry === null) {
      problems.push(`${where} is not an object`);
      return;
    }
    const fields = entry as Record<string, unknown>;
    const name = typeof fields.name === 'string' ? fields.name.trim() : '';
    if (!name) {
      problems.push(`${where} has no name`);
      return;
    }
    if (names.has(name)) {
      problems.push(`${where}: the name "${name}" is used twice`);
      return;
    }
    const bootstrap = typeof fields.bootstrapServers === 'string' ? fields.bootstrapServers : '';
    const parsed = parseBootstrapServers(bootstrap);
    if ('error' in parsed) {
      problems.push(`${where} ("${name}"): ${parsed.error}`);
      return;
    }
    let tls: ClusterSetting['tls'];
    if (fields.tls !== undefined) {
      const t = fields.tls as Record<string, unknown>;
      if (typeof t !== 'object' || t === null || typeof t.enabled !== 'boolean') {
        problems.push(`${where} ("${name}"): tls needs "enabled": true or false`);
        return;
      }
      tls = {
        enabled: t.enabled,
        ...(typeof t.caFile === 'string' && t.caFile ? { caFile: t.caFile } : {}),
        ...(t.skipVerify === true ? { skipVerify: true } : {}),
      };
    }
    let sasl: ClusterSetting['sasl'];
    if (fields.sasl !== undefined) {
      const s = fields.sasl as Record<string, unknown>;
      const mechanism = typeof s === 'object' && s !== null ? s.mechanism : undefined;
      if (typeof mechanism !== 'string' || !mechanisms.includes(mechanism as SaslMechanism)) {
        problems.push(`${where} ("${name}"): sasl.mechanism must be one of ${mechanisms.join(', ')}`);
        return;
      }
      const username = typeof s.username === 'string' ? s.username : undefined;
      if (mechanism !== 'OAUTHBEARER' && !username) {
        problems.push(`${where} ("${name}"): sasl.username is needed for ${mechanism}`);
        return;
      }
      sasl = { mechanism: mechanism as SaslMechanism, ...(username ? { username } : {}) };
    }
    names.add(name);
    clusters.push({
      name,
      bootstrapServers: parsed.servers.join(','),
      ...(tls ? { tls } : {}),
      ...(sasl ? { sasl } : {}),
    });
  });
  return { clusters, problems };
}

/**
 * The key under which a cluster's password or token is kept in SecretStorage. It names the servers,
 * mechanism and user as well as the cluster, so a secret is only ever sent where it was entered for:
 * an entry that keeps the name but points elsewhere finds no secret.
 */
export function secretKey(cluster: ClusterSetting): string {
  return `offsetTrace.cluster:${JSON.stringify([cluster.name, cluster.bootstrapServers, cluster.sasl?.mechanism ?? '', cluster.sasl?.username ?? ''])}`;
}

/**
 * Connection options for a cluster. `secret` is the SASL password (PLAIN, SCRAM) or token
 * (OAUTHBEARER) from SecretStorage; a SASL cluster without one gets a clear error.
 */
export function connectionOptions(
  cluster: ClusterSetting,
  secret: string | undefined,
  timeoutMs: number,
): KafkaConnectionOptions {
  const parsed = parseBootstrapServers(cluster.bootstrapServers);
  if ('error' in parsed) throw new Error(`cluster "${cluster.name}": ${parsed.error}`);
  let sasl: KafkaConnectionOptions['sasl'];
  if (cluster.sasl) {
    if (!secret) {
      throw new Error(
        `cluster "${cluster.name}" uses SASL ${cluster.sasl.mechanism} but no ${cluster.sasl.mechanism === 'OAUTHBEARER' ? 'token' : 'password'} is stored; run "Kafka Offsets: Add Cluster…" again to enter it`,
      );
    }
    sasl =
      cluster.sasl.mechanism === 'OAUTHBEARER'
        ? { mechanism: 'OAUTHBEARER', token: secret }
        : { mechanism: cluster.sasl.mechanism, username: cluster.sasl.username ?? '', password: secret };
  }
  return {
    bootstrapServers: parsed.servers,
    timeoutMs,
    ...(cluster.tls?.enabled
      ? {
          tls: {
            enabled: true,
            ...(cluster.tls.caFile ? { caFile: cluster.tls.caFile } : {}),
            ...(cluster.tls.skipVerify ? { rejectUnauthorized: false } : {}),
          },
        }
      : {}),
    ...(sasl ? { sasl } : {}),
  };
}
