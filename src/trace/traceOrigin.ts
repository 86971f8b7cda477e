// Where a trace came from: a built-in scenario, a scenario file, a trace file, a recording of a
// live group, a run on a real broker, or a debug session. The trace session, the panel's saved
// state and the Offsets tree carry it, so a window reload can bring back any trace, not only built-ins.

/** The origin of a loaded trace; plain JSON, safe to keep in a webview's saved state. */
export type TraceOrigin =
  | { readonly kind: 'built-in'; readonly name: string }
  | { readonly kind: 'scenario-file'; readonly file: string }
  | { readonly kind: 'trace-file'; readonly file: string }
  | { readonly kind: 'recording'; readonly file: string }
  | { readonly kind: 'broker-run'; readonly file: string }
  | { readonly kind: 'debug-session'; readonly file: string };

/** The kinds, for guards. */
export const traceOriginKinds: readonly TraceOrigin['kind'][] = [
  'built-in',
  'scenario-file',
  'trace-file',
  'recording',
  'broker-run',
  'debug-session',
];

/** Whether a value (e.g. read back from saved state) is a well-formed origin. */
export function isTraceOrigin(value: unknown): value is TraceOrigin {
  if (typeof value !== 'object' || value === null) return false;
  const { kind, name, file } = value as Record<string, unknown>;
  if (kind === 'built-in') return typeof name === 'string' && name !== '';
  return traceOriginKinds.includes(kind as TraceOrigin['kind']) && typeof file === 'string' && file !== '';
}

/** A short human description, e.g. "built-in scenario commit-after-process" or "trace file /x/y.jsonl". */
export function describeOrigin(origin: TraceOrigin): string {
  switch (origin.kind) {
    case 'built-in':
      return `built-in scenario ${origin.name}`;
    case 'scenario-file':
      return `scenario file ${origin.file}`;
    case 'trace-file':
      return `trace file ${origin.file}`;
    case 'recording':
      return `recording ${origin.file}`;
    case 'broker-run':
      return `broker run ${origin.file}`;
    case 'debug-session':
      return `debug session of ${origin.file}`;
  }
}

/** A stable key for an origin (two loads of the same origin share it). */
export function originKey(origin: TraceOrigin): string {
  return origin.kind === 'built-in' ? `built-in:${origin.name}` : `${origin.kind}:${origin.file}`;
}
