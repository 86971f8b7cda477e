// One TCP (or TLS) connection to a Kafka broker speaking the wire protocol directly: requests framed with a
// v2 header (v1 for SaslHandshake) and a correlation id, responses matched back to them, several in flight at once. A
// server whose first bytes cannot begin a Kafka response is named at once ("not a Kafka broker"); a
// closed or failed socket fails every request in flight with the socket's own error.

import { channel } from 'node:diagnostics_channel';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { cannotBeKafka, looksLikeTls, notKafkaError } from './serverAnswers';
import { WireReader } from './wireReader';
import { WireWriter } from './wireWriter';

/** Published once per request put on the wire ({ apiKey }), for request counters. */
export const wireRequestChannel = channel('offsetTrace:wire:request');

/** An answer this module cannot take further (e.g. a TLS listener): the full Kafka client is asked instead. */
export class WireFallback extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'WireFallback';
  }
}

const apiVersionsKey = 18;

interface InFlight {
  /** Whether the response header has a tagged-field section (header v1: flexible versions but ApiVersions). */
  readonly taggedHeader: boolean;
  resolve(reader: WireReader): void;
  reject(error: Error): void;
}

/** True for an error of the socket itself (refused, reset, closed, unreachable): the broker went away. */
export function isConnectionFailure(error: unknown): boolean {
  return (
    error instanceof Error &&
    !(error instanceof WireFallback) &&
    typeof (error as NodeJS.ErrnoException).code === 'string' &&
    /^E[A-Z]+$/.test((error as NodeJS.ErrnoException).code ?? '')
  );
}

/** A socket error as Node reports it, with the endpoint it concerns (for the error classification). */
function socketError(message: string, code: string, host: string, port: number): Error {
  return Object.assign(new Error(message), { code, address: host, port });
}

/** An open connection to one broker. */
export class WireConnection {
  private nextCorrelationId = 1;
  private readonly inFlight = new Map<number, InFlight>();
  private chunks: Buffer[] = [];
  private buffered = 0;
  private sawBytes = false;
  private sawFrame = false;
  private failure: Error | undefined;

  private constructor(
    private readonly socket: net.Socket,
    readonly host: string,
    readonly port: number,
    private readonly clientId: string,
  ) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(socketError(`connection to ${host}:${port} closed`, 'EPIPE', host, port)));
  }

  /**
   * Connects to `host:port`, over TLS with `tlsOptions`; rejects with the socket's error (refused,
   * unknown host, an untrusted certificate, …). Aborting `signal` destroys the socket, before or
   * after it connected.
   */
  static open(
    host: string,
    port: number,
    clientId: string,
    signal?: AbortSignal,
    tlsOptions?: tls.ConnectionOptions,
  ): Promise<WireConnection> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(new WireFallback('aborted'));
        return;
      }
      const socket = tlsOptions
        ? tls.connect({ host, port, ...(net.isIP(host) === 0 ? { servername: host } : {}), ...tlsOptions })
        : net.connect({ host, port });
      socket.setNoDelay(true);
      const onAbort = (): void => {
        socket.destroy();
        reject(new WireFallback('aborted'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      socket.once('close', () => signal?.removeEventListener('abort', onAbort));
      const onError = (error: Error): void => {
        socket.destroy();
        reject(Object.assign(error, { address: (error as { address?: string }).address ?? host, port }));
      };
      socket.once('error', onError);
      socket.once(tlsOptions ? 'secureConnect' : 'connect', () => {
        socket.removeListener('error', onError);
        resolve(new WireConnection(socket, host, port, clientId));
      });
    });
  }

  /**
   * Sends request `apiKey` v`version` (header v2; v1 when not `flexible`) with the body `writeBody` writes;
   * resolves with a reader at the start of the response body.
   */
  send(apiKey: number, version: number, writeBody: (writer: WireWriter) => void, flexible = true): Promise<WireReader> {
    if (this.failure) return Promise.reject(this.failure);
    const correlationId = this.nextCorrelationId++;
    const writer = new WireWriter().int32(0).int16(apiKey).int16(version).int32(correlationId);
    // request header v2 for flexible versions, v1 (no tagged fields) for the others (SaslHandshake)
    writer.string(this.clientId);
    if (flexible) writer.noTags();
    writeBody(writer);
    const frame = writer.bytes();
    frame.writeInt32BE(frame.length - 4, 0);
    // ApiVersions answers with header v0 whatever its version; every other flexible API with v1
    const taggedHeader = flexible && apiKey !== apiVersionsKey;
    return new Promise<WireReader>((resolve, reject) => {
      this.inFlight.set(correlationId, { taggedHeader, resolve, reject });
      if (wireRequestChannel.hasSubscribers) wireRequestChannel.publish({ apiKey });
      this.socket.write(frame);
    });
  }

  /** True once the socket failed or closed: nothing more can be sent on it. */
  get broken(): boolean {
    return this.failure !== undefined;
  }

  /** Closes the socket; requests still in flight fail. */
  close(): void {
    this.socket.destroy();
  }

  private fail(error: Error): void {
    if (!this.failure) this.failure = error;
    for (const request of this.inFlight.values()) request.reject(this.failure);
    this.inFlight.clear();
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    if (!this.sawBytes) {
      this.sawBytes = true;
      if (looksLikeTls(chunk)) {
        this.fail(new WireFallback(`${this.host}:${this.port} answered with TLS`));
        return;
      }
    }
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    while (this.buffered >= 4) {
      const head = this.chunks[0].length >= 4 ? this.chunks[0] : this.merge();
      // the first frame is where a server that is not Kafka shows itself (e.g. "HTTP" as a size)
      if (!this.sawFrame && cannotBeKafka(head) === true) {
        this.fail(notKafkaError(this.host, this.port, this.merge()));
        return;
      }
      const size = head.readInt32BE(0);
      if (size < 4) {
        this.fail(
          socketError(`${this.host}:${this.port} sent a frame of ${size} bytes`, 'EPROTO', this.host, this.port),
        );
        return;
      }
      this.sawFrame = true;
      if (this.buffered < 4 + size) return;
      const all = this.merge();
      this.takeFrame(all, size);
      const rest = all.subarray(4 + size);
      this.chunks = rest.length > 0 ? [rest] : [];
      this.buffered = rest.length;
    }
  }

  private merge(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks, this.buffered)];
    return this.chunks[0];
  }

  private takeFrame(all: Buffer, size: number): void {
    const reader = new WireReader(all, 4, 4 + size);
    const correlationId = reader.int32();
    const request = this.inFlight.get(correlationId);
    if (!request) return; // an answer to nothing we asked: ignore it
    this.inFlight.delete(correlationId);
    try {
      if (request.taggedHeader) reader.skipTags();
      request.resolve(reader);
    } catch (error) {
      request.reject(error as Error);
    }
  }
}
