// Command-line options of scripts/kafka.mjs: `--key value` / `--key=value` parsing against a spec,
// integer options (ports, counts, seconds) and `--listener NAME:PROTOCOL`.

import { fail } from './cliOutput.mjs';

/**
 * Parses `argv` by `spec` ({ name: 'value' | 'flag' | 'list' }); unknown arguments fail. The result
 * always has an `override` list, and an empty list for every 'list' option.
 */
export function parseOptions(argv, spec) {
  const opts = { override: [] };
  for (const [key, kind] of Object.entries(spec)) if (kind === 'list') opts[key] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (!m || !(m[1] in spec)) fail(`unknown argument '${a}' (see: node scripts/kafka.mjs help)`);
    const key = m[1];
    if (spec[key] === 'flag') {
      opts[key] = true;
      continue;
    }
    const value = m[2] ?? argv[++i];
    if (value === undefined) fail(`option --${key} needs a value`);
    if (spec[key] === 'list') opts[key].push(value);
    else opts[key] = value;
  }
  return opts;
}

/** An integer option in 1..65535 (and in `allowed` if given), or undefined when absent. */
export function intOption(value, name, allowed) {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) fail(`--${name} must be an integer, got '${value}'`);
  if (allowed && !allowed.includes(n)) fail(`--${name} must be one of ${allowed.join(', ')}, got ${n}`);
  return n;
}

/** The security protocols an extra listener may use. */
export const LISTENER_PROTOCOLS = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'];

/** `--listener NAME:PROTOCOL` (or just PROTOCOL, named after it): an extra listener beside PLAINTEXT. */
export function parseListener(text) {
  const [name, protocol = name] = text.toUpperCase().split(':');
  if (!/^[A-Z][A-Z0-9_]*$/.test(name) || ['PLAINTEXT', 'CONTROLLER'].includes(name))
    fail(`--listener name must be letters, digits and _ (not PLAINTEXT or CONTROLLER), got '${text}'`);
  if (!LISTENER_PROTOCOLS.includes(protocol))
    fail(`--listener protocol must be one of ${LISTENER_PROTOCOLS.join(', ')}, got '${text}'`);
  return { name, protocol };
}
