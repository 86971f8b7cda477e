// Reads Kafka client properties (the `--command-config FILE` of Kafka's own tools) into connection
// options: security.protocol, sasl.mechanism, sasl.jaas.config, PEM trust stores. Says clearly what it
// does not support (JKS/PKCS12 stores, client certificates, GSSAPI, OAuth token endpoints).

import type { KafkaSaslOptions, KafkaTlsOptions } from './kafkaModel';
import { KafkaOperationError } from './kafkaErrors';

/** Parses the java.util.Properties text format: `key=value`, `key: value`, `key value`, comments, continuations. */
export function parseJavaProperties(text: string): Map<string, string> {
  const result = new Map<string, string>();
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i].replace(/^[ \t\f]+/, '');
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    // a line ending in an odd number of backslashes continues on the next one
    while (/(^|[^\\])(\\\\)*\\$/.test(line) && i + 1 < lines.length) {
      line = line.slice(0, -1) + lines[++i].replace(/^[ \t\f]+/, '');
    }
    let keyEnd = 0;
    while (keyEnd < line.length && !/[=: \t\f]/.test(line[keyEnd])) keyEnd += line[keyEnd] === '\\' ? 2 : 1;
    const key = unescape(line.slice(0, keyEnd));
    let rest = line.slice(keyEnd).replace(/^[ \t\f]*/, '');
    if (rest.startsWith('=') || rest.startsWith(':')) rest = rest.slice(1).replace(/^[ \t\f]*/, '');
    result.set(key, unescape(rest));
  }
  return result;
}

function unescape(text: string): string {
  return text.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, escaped: string) => {
    if (escaped.length === 5) return String.fromCharCode(parseInt(escaped.slice(1), 16));
    return { t: '\t', n: '\n', r: '\r', f: '\f' }[escaped] ?? escaped;
  });
}

/** The options of a JAAS login module line, e.g. `...PlainLoginModule required username="a" password="b";`. */
export function parseJaasConfig(text: string): { loginModule: string; options: Map<string, string> } {
  const match = /^\s*([\w.$]+)\s+(required|requisite|sufficient|optional)\b([\s\S]*?);?\s*$/.exec(text);
  if (!match) {
    // Never quote the value: it holds the password.
    throw configError(
      'sasl.jaas.config is not a JAAS login module entry (expected "<LoginModule class> required username=\"…\" password=\"…\";")',
    );
  }
  const options = new Map<string, string>();
  const optionPattern = /([\w.]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s;"]+))/g;
  for (const option of match[3].matchAll(optionPattern)) {
    options.set(option[1], option[2] !== undefined ? option[2].replace(/\\(.)/g, '$1') : option[3]);
  }
  return { loginModule: match[1], options };
}

function configError(message: string): KafkaOperationError {
  return new KafkaOperationError('configuration', `--command-config: ${message}`);
}

/** The connection settings a properties file gives. */
export interface ClientPropertiesSettings {
  readonly tls?: KafkaTlsOptions;
  readonly sasl?: KafkaSaslOptions;
  readonly clientId?: string;
}

/** Reads a PEM file named by a property; injected so the parsing stays testable. */
export type ReadTextFile = (file: string) => string;

const supportedProtocols = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'];
const unsupportedKeys: Record<string, string> = {
  'ssl.keystore.location': 'client certificates (ssl.keystore.*) are not supported',
  'ssl.keystore.certificate.chain': 'client certificates (ssl.keystore.*) are not supported',
  'ssl.keystore.key': 'client certificates (ssl.keystore.*) are not supported',
  'sasl.login.callback.handler.class': 'sasl.login.callback.handler.class is not supported',
  'sasl.oauthbearer.token.endpoint.url': 'OAuth token endpoints are not supported',
};

/**
 * Maps Kafka client properties to connection settings, as Kafka's Java client reads them. Supported:
 * `security.protocol` PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL; `sasl.mechanism` PLAIN, SCRAM-SHA-256,
 * SCRAM-SHA-512 with `sasl.jaas.config` PlainLoginModule / ScramLoginModule (username, password);
 * `ssl.truststore.type=PEM` with `ssl.truststore.location` (a PEM file) or `ssl.truststore.certificates`;
 * `ssl.endpoint.identification.algorithm=` (empty: no host name check); `client.id`.
 * Refused with a message: JKS and PKCS12 trust stores (convert to PEM), client certificates, GSSAPI,
 * OAUTHBEARER (the extension takes a token instead) and OAuth callback handlers. Other keys are ignored.
 */
export function settingsFromProperties(
  properties: ReadonlyMap<string, string>,
  readFile: ReadTextFile,
): ClientPropertiesSettings {
  for (const [key, reason] of Object.entries(unsupportedKeys)) {
    if (properties.get(key)) throw configError(reason);
  }
  const protocol = (properties.get('security.protocol') ?? 'PLAINTEXT').trim().toUpperCase();
  if (!supportedProtocols.includes(protocol)) {
    throw configError(`security.protocol "${protocol}" is not one of ${supportedProtocols.join(', ')}`);
  }
  const clientId = properties.get('client.id')?.trim() || undefined;

  let tls: KafkaTlsOptions | undefined;
  if (protocol === 'SSL' || protocol === 'SASL_SSL') {
    const storeType = (properties.get('ssl.truststore.type') ?? 'JKS').trim().toUpperCase();
    const location = properties.get('ssl.truststore.location')?.trim();
    const certificates = properties.get('ssl.truststore.certificates')?.trim();
    if ((location || certificates) && storeType !== 'PEM') {
      throw configError(
        `ssl.truststore.type ${storeType} is not supported; use a PEM trust store (ssl.truststore.type=PEM), e.g. from keytool -exportcert -rfc`,
      );
    }
    let caPem = certificates || undefined;
    if (location) {
      try {
        caPem = [caPem, readFile(location)].filter(Boolean).join('\n');
      } catch (error) {
        throw configError(`cannot read ssl.truststore.location ${location}: ${(error as Error).message}`);
      }
    }
    const algorithm = properties.get('ssl.endpoint.identification.algorithm');
    tls = {
      enabled: true,
      ...(caPem ? { caPem } : {}),
      ...(algorithm !== undefined && algorithm.trim() === '' ? { checkHostname: false } : {}),
    };
  }

  let sasl: KafkaSaslOptions | undefined;
  if (protocol === 'SASL_PLAINTEXT' || protocol === 'SASL_SSL') {
    const mechanism = (properties.get('sasl.mechanism') ?? 'GSSAPI').trim().toUpperCase();
    if (mechanism !== 'PLAIN' && mechanism !== 'SCRAM-SHA-256' && mechanism !== 'SCRAM-SHA-512') {
      throw configError(
        mechanism === 'OAUTHBEARER'
          ? 'sasl.mechanism OAUTHBEARER is not supported in a properties file (add the cluster in the extension with a token)'
          : `sasl.mechanism ${mechanism} is not supported (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512)`,
      );
    }
    const jaas = properties.get('sasl.jaas.config');
    if (!jaas) throw configError(`sasl.mechanism ${mechanism} needs sasl.jaas.config with a username and password`);
    const { loginModule, options } = parseJaasConfig(jaas);
    const expected = mechanism === 'PLAIN' ? 'PlainLoginModule' : 'ScramLoginModule';
    if (!loginModule.endsWith(`.${expected}`) && loginModule !== expected) {
      throw configError(`sasl.mechanism ${mechanism} needs the ${expected} in sasl.jaas.config, not ${loginModule}`);
    }
    const username = options.get('username');
    const password = options.get('password');
    if (username === undefined || password === undefined) {
      throw configError('sasl.jaas.config needs username="..." and password="..."');
    }
    sasl = { mechanism, username, password };
  }
  return { ...(tls ? { tls } : {}), ...(sasl ? { sasl } : {}), ...(clientId ? { clientId } : {}) };
}
