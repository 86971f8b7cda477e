// Specific, one-line errors for everything that can go wrong talking to Kafka (unreachable servers, a
// server that is not Kafka, authentication, TLS, unknown group, missing topic, a broker dying mid-request, timeout), and the pure
// function that turns whatever the client library threw into one of them.

/** What went wrong, for callers that react differently (the tree shows a retry action, the CLI exits 1). */
export type KafkaErrorKind =
  | 'unreachable'
  /** A bootstrap server answered with bytes that are not Kafka (e.g. an HTTP server on that port). */
  | 'notKafka'
  | 'authentication'
  | 'authorization'
  | 'tls'
  | 'unknownGroup'
  | 'missingTopic'
  | 'brokerDisconnected'
  | 'timeout'
  | 'configuration'
  | 'request';

const brand = 'kafkaOffsetTrace.KafkaOperationError';

/**
 * A failed Kafka operation with a one-line message that names what was wrong. Checked with
 * {@link isKafkaOperationError}, not `instanceof`: the lazily loaded client bundle has its own copy of
 * this class.
 */
export class KafkaOperationError extends Error {
  readonly brand = brand;
  constructor(
    readonly kind: KafkaErrorKind,
    message: string,
  ) {
    super(oneLine(message));
    this.name = 'KafkaOperationError';
  }
}

/** True for a {@link KafkaOperationError} from any bundle. */
export function isKafkaOperationError(error: unknown): error is KafkaOperationError {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { brand?: unknown }).brand === brand &&
    typeof (error as { kind?: unknown }).kind === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

/** Collapses whitespace and newlines so a message always fits one line. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** What the operation was doing when it failed, to name it in the message. */
export interface ErrorContext {
  readonly bootstrapServers: readonly string[];
  /** e.g. "describing group \"orders\"", "fetching committed offsets". */
  readonly step: string;
  readonly timeoutMs: number;
  /** True once a broker answered: a network error after that means a broker went away. */
  readonly connected: boolean;
  readonly groupId?: string;
}

/** The facts of one error in a (possibly nested) error tree, read defensively. */
interface ErrorFacts {
  readonly name: string;
  readonly message: string;
  readonly code: string | undefined;
  readonly apiId: string | undefined;
  readonly serverMessage: string | undefined;
  /** `host:port` of a socket error (Node sets address and port), when known. */
  readonly endpoint: string | undefined;
}

function factsOf(error: unknown): ErrorFacts | null {
  if (typeof error !== 'object' || error === null) return null;
  const record = error as Record<string, unknown>;
  const text = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);
  return {
    name: text(record.name) ?? '',
    message: text(record.message) ?? '',
    code: text(record.code),
    apiId: text(record.apiId),
    serverMessage: text(record.serverErrorMessage),
    endpoint:
      typeof record.address === 'string' && typeof record.port === 'number'
        ? `${record.address}:${record.port}`
        : undefined,
  };
}

/** Every error in the tree: the error itself, its `cause` chain and the `errors` of aggregates. */
export function flattenErrors(error: unknown): ErrorFacts[] {
  const out: ErrorFacts[] = [];
  const seen = new Set<unknown>();
  const visit = (e: unknown, depth: number): void => {
    if (depth > 20 || seen.has(e)) return;
    seen.add(e);
    const facts = factsOf(e);
    if (!facts) return;
    out.push(facts);
    const record = e as { cause?: unknown; errors?: unknown };
    if (Array.isArray(record.errors)) for (const inner of record.errors) visit(inner, depth + 1);
    if (record.cause !== undefined) visit(record.cause, depth + 1);
  };
  visit(error, 0);
  return out;
}

const socketReasons: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed',
  ETIMEDOUT: 'connection timed out',
  ECONNABORTED: 'connection aborted',
};

/** What a socket error code means, in words ("connection refused"); the code itself when unknown. */
export function socketReason(code: string | undefined): string {
  return (code !== undefined ? socketReasons[code] : undefined) ?? code ?? 'connection failed';
}

/** Socket errors that mean a connection was never made (as opposed to one that broke). */
const connectFailures = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

const tlsCodes = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
]);

const authenticationApiIds = new Set([
  'SASL_AUTHENTICATION_FAILED',
  'ILLEGAL_SASL_STATE',
  'UNSUPPORTED_SASL_MECHANISM',
]);
const authorizationApiIds = new Set([
  'GROUP_AUTHORIZATION_FAILED',
  'TOPIC_AUTHORIZATION_FAILED',
  'CLUSTER_AUTHORIZATION_FAILED',
]);
const coordinatorApiIds = new Set(['COORDINATOR_NOT_AVAILABLE', 'NOT_COORDINATOR', 'COORDINATOR_LOAD_IN_PROGRESS']);

/** The most telling message in the tree: a broker's own message, else the deepest non-generic one. */
function detail(all: readonly ErrorFacts[]): string {
  const server = all.find((f) => f.serverMessage)?.serverMessage;
  if (server) return server;
  const specific = [...all].reverse().find((f) => f.message && !/failed \d+ times|failed\.$/.test(f.message));
  return specific?.message ?? all[0]?.message ?? 'unknown error';
}

/**
 * Turns anything thrown while talking to Kafka into a specific {@link KafkaOperationError}: the
 * classification reads error codes (Node's socket and TLS codes, the client library's codes, Kafka's
 * protocol error ids) anywhere in the error's cause/aggregate tree.
 */
export function classifyKafkaError(error: unknown, context: ErrorContext): KafkaOperationError {
  if (isKafkaOperationError(error)) return error;
  const all = flattenErrors(error);
  const servers = context.bootstrapServers.join(',');
  const has = (test: (f: ErrorFacts) => boolean): ErrorFacts | undefined => all.find(test);

  const authentication = has(
    (f) => f.code === 'PLT_KFK_AUTHENTICATION' || (f.apiId !== undefined && authenticationApiIds.has(f.apiId)),
  );
  if (authentication) {
    // The client's own error says only "SASL authentication failed."; the broker's reason (or our
    // OAUTHBEARER check's) sits deeper in the tree.
    return new KafkaOperationError('authentication', `authentication failed at ${servers}: ${detail(all)}`);
  }
  const authorization = has((f) => f.apiId !== undefined && authorizationApiIds.has(f.apiId));
  if (authorization) {
    return new KafkaOperationError(
      'authorization',
      `not authorized while ${context.step}: ${authorization.serverMessage ?? authorization.message}`,
    );
  }
  const tls = has(
    (f) =>
      (f.code !== undefined && (tlsCodes.has(f.code) || /^ERR_(SSL|TLS)_/.test(f.code))) ||
      /TLS handshake failed/.test(f.message),
  );
  if (tls) return new KafkaOperationError('tls', `TLS connection to ${servers} failed: ${tls.message}`);

  const unknownGroup = has((f) => f.apiId === 'GROUP_ID_NOT_FOUND');
  if (unknownGroup && context.groupId !== undefined) {
    return new KafkaOperationError('unknownGroup', `Group ${context.groupId} not found.`);
  }
  const missingTopic = has((f) => f.apiId === 'UNKNOWN_TOPIC_OR_PARTITION' || f.apiId === 'UNKNOWN_TOPIC_ID');
  if (missingTopic) {
    return new KafkaOperationError('missingTopic', `a topic does not exist while ${context.step}: ${detail(all)}`);
  }
  const coordinator = has((f) => f.apiId !== undefined && coordinatorApiIds.has(f.apiId));
  if (coordinator) {
    return new KafkaOperationError(
      'request',
      `the group coordinator is not available while ${context.step} (${coordinator.apiId})`,
    );
  }

  const timedOut = has((f) => f.name === 'TimeoutError' || f.code === 'PLT_KFK_TIMEOUT' || f.code === 'ETIMEDOUT');
  const socket = has((f) => f.code !== undefined && f.code in socketReasons);
  const network = has((f) => f.code === 'PLT_KFK_NETWORK');
  if (!context.connected && (socket || timedOut || network)) {
    const reason = socket?.code ? socketReasons[socket.code] : timedOut ? 'connection timed out' : detail(all);
    return new KafkaOperationError('unreachable', `cannot reach bootstrap servers ${servers} (${reason})`);
  }
  if (timedOut) {
    return new KafkaOperationError('timeout', `timed out after ${context.timeoutMs} ms while ${context.step}`);
  }
  if (socket?.code && connectFailures.has(socket.code)) {
    // A broker other than the one that answered (a partition leader, the coordinator) cannot be reached.
    return new KafkaOperationError(
      'brokerDisconnected',
      `cannot connect to broker ${socket.endpoint ?? '(address unknown)'} while ${context.step} (${socketReasons[socket.code]})`,
    );
  }
  if (socket || network) {
    const reason = socket?.code ? socketReasons[socket.code] : detail(all);
    return new KafkaOperationError(
      'brokerDisconnected',
      `lost the connection to a broker while ${context.step} (${reason})`,
    );
  }
  return new KafkaOperationError('request', `${context.step} failed: ${detail(all)}`);
}

/**
 * The error of an operation that ran out of time: "cannot reach" while no broker had answered yet,
 * "timed out while <step>" after one did.
 */
export function deadlineError(
  bootstrapServers: readonly string[],
  timeoutMs: number,
  progress: { readonly step: string; readonly connected: boolean },
): KafkaOperationError {
  return progress.connected
    ? new KafkaOperationError('timeout', `timed out after ${timeoutMs} ms while ${progress.step}`)
    : new KafkaOperationError(
        'unreachable',
        `cannot reach bootstrap servers ${bootstrapServers.join(',')} (no answer within ${timeoutMs} ms)`,
      );
}

/** Errors after which a client's connections are in doubt and should be dropped (others leave them usable). */
export function breaksConnections(error: KafkaOperationError): boolean {
  return ['unreachable', 'notKafka', 'brokerDisconnected', 'timeout', 'tls', 'authentication'].includes(error.kind);
}
