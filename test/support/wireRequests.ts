// The broker's side of our wire code, for tests on local sockets (no broker): the request frames a
// socket sends, read back header field by header field, and response frames built around a body.

import type { Socket } from 'node:net';
import { WireBytes } from './wireBytes';

/** A request frame as a broker reads it. */
export interface WireRequest {
  apiKey: number;
  version: number;
  correlationId: number;
  clientId: string;
  /** The bytes after the client id: a request header v2 has its tagged-field section first, v1 none. */
  rest: Buffer;
  /** The body after a request header v2 (its one-byte empty tagged-field section skipped). */
  body: Buffer;
}

/** Calls `onRequest` for every whole request frame the socket sends. */
export function readRequests(socket: Socket, onRequest: (request: WireRequest) => void): void {
  let pending = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 4 && pending.length >= 4 + pending.readInt32BE(0)) {
      const frame = pending.subarray(4, 4 + pending.readInt32BE(0));
      pending = pending.subarray(4 + frame.length);
      const clientIdLength = frame.readInt16BE(8);
      const rest = Buffer.from(frame.subarray(10 + clientIdLength));
      onRequest({
        apiKey: frame.readInt16BE(0),
        version: frame.readInt16BE(2),
        correlationId: frame.readInt32BE(4),
        clientId: frame.toString('utf8', 10, 10 + clientIdLength),
        rest,
        body: rest.subarray(1),
      });
    }
  });
}

/** A response frame: size, correlation id, (header tags: response header v1, unless `headerTags` is false), body. */
export function responseFrame(correlationId: number, body: Buffer, headerTags = true): Buffer {
  const header = new WireBytes().int32(correlationId);
  if (headerTags) header.tags();
  const content = Buffer.concat([header.build(), body]);
  return Buffer.concat([new WireBytes().int32(content.length).build(), content]);
}

/** An ApiVersions v3 answer (header v0) listing Metadata v0–v13 and nothing else. */
export const apiVersionsAnswer = new WireBytes()
  .int16(0)
  .arrayOf(1)
  .int16(3)
  .int16(0)
  .int16(13)
  .tags()
  .int32(0)
  .tags()
  .build();
