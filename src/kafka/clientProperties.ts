// Reads Kafka client properties (the `--command-config FILE` of Kafka's own tools) into connection
// options: security.protocol, sasl.mechanism, sasl.jaas.config, PEM trust stores. Says clearly what it
// does not support (JKS/PKCS12 stores, client certificates, GSSAPI, OAuth token endpoints).

import type { KafkaSaslOptions, KafkaTlsOptions } from './kafkaModel';
import { isKafkaOperationError, KafkaOperationError } from './kafkaErrors';

/** The line each key was read from, for the maps {@link parseJavaProperties} returns. */
const propertyLines = new WeakMap<ReadonlyMap<string, string>, ReadonlyMap<string, number>>();

/** Property names: what Kafka's (and its plugins') configuration keys are made of. */
const propertyName = /^[A-Za-z0-9._-]+$/;
/** Kafka client keys without a dot, accepted even on a line without `=` or `:`. */
const dotlessKeys = new Set(['acks', 'retries']);
/** C0 controls but tab, line feed, form feed and carriage return; DEL; C1 controls. */
const controlCharacter = /[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f]/;

/**
 * Parses the java.util.Properties text format: `key=value`, `key: value`, `key value`, `#`/`!` comments,
 * backslash continuations, `\uXXXX` escapes. Total: for any text it returns the properties or throws a
 * configuration {@link KafkaOperationError} naming the line (`line N: …`). Refused, where Java would
 * quietly read a key with an empty value: text that is not UTF-8 (U+FFFD, as the CLI decodes the file)
 * or holds control characters; keys not made of letters, digits, `.`, `-`, `_`; a bare word without
 * `=`/`:` that does not look like a property (no dot); an empty key; a malformed `\uXXXX` escape.
 */
export function parseJavaProperties(text: string): Map<string, string> {
  const result = new Map<string, string>();
  const lineOf = new Map<string, number>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].includes('\uFFFD')) {
      throw configError(`line ${i + 1}: not UTF-8 text; is this a Kafka client properties file?`);
    }
    const control = controlCharacter.exec(lines[i]);
    if (control) {
      const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
      throw configError(`line ${i + 1}: control character U+${code}; is this a Kafka client properties file?`);
    }
  }
  for (let i = 0; i < lines.length; i++) {
    const lineNumber = i + 1;
    let line = lines[i].replace(/^[ \t\f]+/, '');
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    // a line ending in an odd number of backslashes continues on the next one (at the end of the file,
    // the backslash is dropped, as Java does)
    while (endsInOddBackslashes(line)) {
      line = line.slice(0, -1) + (i + 1 < lines.length ? lines[++i].replace(/^[ \t\f]+/, '') : '');
    }
    let keyEnd = 0;
    while (keyEnd < line.length && !/[=: \t\f]/.test(line[keyEnd])) keyEnd += line[keyEnd] === '\\' ? 2 : 1;
    const rawKey = line.slice(0, keyEnd);
    const key = unescape(rawKey, lineNumber);
    let rest = line.slice(keyEnd).replace(/^[ \t\f]*/, '');
    const separated = rest.startsWith('=') || rest.startsWith(':');
    if (separated) rest = rest.slice(1).replace(/^[ \t\f]*/, '');
    if (key === '') throw configError(`line ${lineNumber}: a value without a property name (expected key=value)`);
    if (!propertyName.test(key) || (!separated && !key.includes('.') && !dotlessKeys.has(key))) {
      // The line's text is not repeated: a value wrapped without a backslash (a JAAS config's password)
      // or a token pasted alone would otherwise end up on the screen.
      throw configError(
        `line ${lineNumber}: not a Kafka client property (expected key=value; a value goes on to the next line only after a \\)`,
      );
    }
    result.set(key, unescape(rest, lineNumber));
    lineOf.set(key, lineNumber);
  }
  propertyLines.set(result, lineOf);
  return result;
}

function endsInOddBackslashes(line: string): boolean {
  let count = 0;
  while (count < line.length && line[line.length - 1 - count] === '\\') count++;
  return count % 2 === 1;
}

function unescape(text: string, lineNumber: number): string {
  return text.replace(/\\(u[0-9a-fA-F]{4}|u|.)/g, (_, escaped: string) => {
    if (escaped === 'u') throw configError(`line ${lineNumber}: malformed \\uXXXX escape`);
    if (escaped.length === 5) return String.fromCharCode(parseInt(escaped.slice(1), 16));
    return { t: '\t', n: '\n', r: '\r', f: '\f' }[escaped] ?? escaped;
  });
}

/** The options of a JAAS login module line, e.g. `...PlainLoginModule required username="a" password="b";`. */
export function parseJaasConfig(text: string): { loginModule: string; options: Map<string, string> } {
  const entry = jaasEntry(text);
  if (typeof entry === 'string') throw configError(entry);
  return entry;
}

/** The login module and options of a JAAS entry, or why it is not one (never quoting it: it holds the password). */
function jaasEntry(text: string): { loginModule: string; options: Map<string, string> } | string {
  const match = /^\s*([\w.$]+)\s+(required|requisite|sufficient|optional)\b([\s\S]*?);?\s*$/.exec(text);
  if (!match) {
    return 'sasl.jaas.config is not a JAAS login module entry (expected "<LoginModule class> required username=\"…\" password=\"…\";")';
  }
  const options = new Map<string, string>();
  // (?<!…): an option starts at a name's first character, so a long run of letters is not retried at each one
  const optionPattern = /(?<![\w.])([\w.]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s;"]+))/g;
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
 * A refusal about a property read by {@link parseJavaProperties} ends with its line: ` (line N)`.
 */
export function settingsFromProperties(
  properties: ReadonlyMap<string, string>,
  readFile: ReadTextFile,
): ClientPropertiesSettings {
  const lines = propertyLines.get(properties);
  /** ` (line N)`: where the first of these keys that the file has was read, if it came from a file. */
  const at = (...keys: string[]): string => {
    for (const key of keys) {
      const line = lines?.get(key);
      if (line !== undefined) return ` (line ${line})`;
    }
    return '';
  };
  for (const [key, reason] of Object.entries(unsupportedKeys)) {
    if (properties.get(key)) throw configError(`${reason}${at(key)}`);
  }
  const protocol = (properties.get('security.protocol') ?? 'PLAINTEXT').trim().toUpperCase();
  if (!supportedProtocols.includes(protocol)) {
    throw configError(
      `security.protocol "${shorten(protocol)}" is not one of ${supportedProtocols.join(', ')}${at('security.protocol')}`,
    );
  }
  const clientId = properties.get('client.id')?.trim() || undefined;

  let tls: KafkaTlsOptions | undefined;
  if (protocol === 'SSL' || protocol === 'SASL_SSL') {
    const storeType = (properties.get('ssl.truststore.type') ?? 'JKS').trim().toUpperCase();
    const location = properties.get('ssl.truststore.location')?.trim();
    const certificates = properties.get('ssl.truststore.certificates')?.trim();
    if ((location || certificates) && storeType !== 'PEM') {
      throw configError(
        `ssl.truststore.type ${shorten(storeType)} is not supported; use a PEM trust store (ssl.truststore.type=PEM), e.g. from keytool -exportcert -rfc${at('ssl.truststore.type', 'ssl.truststore.location', 'ssl.truststore.certificates')}`,
      );
    }
    let caPem = certificates || undefined;
    if (location) {
      try {
        caPem = [caPem, readFile(location)].filter(Boolean).join('\n');
      } catch (error) {
        throw configError(
          `cannot read ssl.truststore.location ${location}: ${errorMessage(error)}${at('ssl.truststore.location')}`,
        );
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
          ? `sasl.mechanism OAUTHBEARER is not supported in a properties file (add the cluster in the extension with a token)${at('sasl.mechanism')}`
          : `sasl.mechanism ${shorten(mechanism)} is not supported (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512)${at('sasl.mechanism')}`,
      );
    }
    const jaas = properties.get('sasl.jaas.config');
    if (!jaas) {
      throw configError(
        `sasl.mechanism ${mechanism} needs sasl.jaas.config with a username and password${at('sasl.jaas.config')}`,
      );
    }
    const entry = jaasEntry(jaas);
    if (typeof entry === 'string') throw configError(`${entry}${at('sasl.jaas.config')}`);
    const { loginModule, options } = entry;
    const expected = mechanism === 'PLAIN' ? 'PlainLoginModule' : 'ScramLoginModule';
    if (!loginModule.endsWith(`.${expected}`) && loginModule !== expected) {
      throw configError(
        `sasl.mechanism ${mechanism} needs the ${expected} in sasl.jaas.config, not ${shorten(loginModule)}${at('sasl.jaas.config')}`,
      );
    }
    const username = options.get('username');
    const password = options.get('password');
    if (username === undefined || password === undefined) {
      throw configError(`sasl.jaas.config needs username="..." and password="..."${at('sasl.jaas.config')}`);
    }
    sasl = { mechanism, username, password };
  }
  return { ...(tls ? { tls } : {}), ...(sasl ? { sasl } : {}), ...(clientId ? { clientId } : {}) };
}

/** What {@link readClientProperties} gives: the settings, or the one-line reason the file is refused. */
export type ClientPropertiesResult =
  { readonly ok: true; readonly settings: ClientPropertiesSettings } | { readonly ok: false; readonly message: string };

/**
 * The settings of a `--command-config` file's text, or why it is refused (`--command-config: line N: …`
 * where the problem is on a line). Total: for any text it returns one or the other; only a bug throws.
 */
export function readClientProperties(text: string, readFile: ReadTextFile): ClientPropertiesResult {
  try {
    return { ok: true, settings: settingsFromProperties(parseJavaProperties(text), readFile) };
  } catch (error) {
    if (isKafkaOperationError(error) && error.kind === 'configuration') {
      return { ok: false, message: error.message };
    }
    throw error;
  }
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** The message of anything thrown, without throwing again. */
function errorMessage(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return 'unknown error';
  }
}
