// The wire connection, session and operation on local sockets (no broker): frames split across reads
// and answered out of order reach the right request; an HTTP answer is "not a Kafka broker"; a closed
// connection fails what is in flight; a silent first bootstrap server is passed over after its share of
// the timeout; refused and silent servers give the full client's one-line messages; SASL that a server
// does not answer is handed to the full client.

import * as assert from 'node:assert/strict';
import type { Server, Socket } from 'node:net';
import { isKafkaOperationError } from '../../src/kafka/kafkaErrors';
import { WireConnection, WireFallback } from '../../src/kafka/wire/wireConnection';
import { isWireFallback, runOverWire } from '../../src/kafka/wire/wireOperation';
import { WireSession } from '../../src/kafka/wire/wireSession';
import { WireBytes } from '../support/wireBytes';
import { listen } from '../support/localServer';
import {
  apiVersionsAnswer,
  readRequests,
  responseFrame as frame,
  type WireRequest as Request,
} from '../support/wireRequests';

const closeServer = (server: Server): Promise<void> => new Promise((resolve) => server.close(() => resolve()));

describe('wire connection (local sockets)', function () {
  this.timeout(10_000);
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map(closeServer));
  });
  const serve = async (onSocket: (socket: Socket) => void): Promise<number> => {
    const { server, port } = await listen(onSocket);
    servers.push(server);
    return port;
  };

  it('matches answers sent out of order and split byte by byte to their requests; sends the client id', async () => {
    const seen: Request[] = [];
    const port = await serve((socket) => {
      const requests: Request[] = [];
      readRequests(socket, (request) => {
        seen.push(request);
        requests.push(request);
        if (requests.length < 2) return;
        // answer the second first, one byte at a time
        const bytes = Buffer.concat(
          [...requests].reverse().map((r) => frame(r.correlationId, new WireBytes().int32(r.apiKey).build())),
        );
        for (let i = 0; i < bytes.length; i++) socket.write(bytes.subarray(i, i + 1));
      });
    });
    const connection = await WireConnection.open('127.0.0.1', port, 'my-client');
    try {
      const [first, second] = await Promise.all([
        connection.send(10, 4, (w) => w.int8(1)),
        connection.send(15, 5, (w) => w.int8(2)),
      ]);
      assert.equal(first.int32(), 10);
      assert.equal(second.int32(), 15);
      first.expectEnd('first');
      assert.deepEqual(
        seen.map((r) => [r.apiKey, r.version, r.clientId, [...r.body]]),
        [
          [10, 4, 'my-client', [1]],
          [15, 5, 'my-client', [2]],
        ],
      );
    } finally {
      connection.close();
    }
  });

  it('an HTTP answer: not a Kafka broker, naming the server and its first line', async () => {
    const port = await serve((socket) => socket.once('data', () => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n')));
    const connection = await WireConnection.open('127.0.0.1', port, 'c');
    await assert.rejects(
      connection.send(18, 3, () => undefined),
      (error: unknown) => {
        assert.ok(isKafkaOperationError(error));
        assert.equal(error.kind, 'notKafka');
        assert.equal(error.message, `127.0.0.1:${port} is not a Kafka broker (it answered "HTTP/1.1 400 Bad Request")`);
        return true;
      },
    );
  });

  it('a TLS answer is handed to the full client; a closed connection fails what is in flight', async () => {
    const tls = await serve((socket) =>
      socket.once('data', () => socket.end(Buffer.from([0x15, 0x03, 0x03, 0, 2, 2, 70]))),
    );
    const viaTls = await WireConnection.open('127.0.0.1', tls, 'c');
    await assert.rejects(
      viaTls.send(18, 3, () => undefined),
      WireFallback,
    );
    const closing = await serve((socket) => socket.once('data', () => socket.destroy()));
    const connection = await WireConnection.open('127.0.0.1', closing, 'c');
    await assert.rejects(
      connection.send(18, 3, () => undefined),
      (error: NodeJS.ErrnoException) => {
        assert.match(error.code ?? '', /^(EPIPE|ECONNRESET)$/);
        return true;
      },
    );
    await assert.rejects(
      connection.send(18, 3, () => undefined),
      /closed|ECONNRESET/,
    );
  });

  it('a session passes over a silent first server after min(timeout / servers, 3 s) and closes it', async () => {
    let silentSockets = 0;
    let silentClosed = 0;
    const silent = await serve((socket) => {
      silentSockets++;
      socket.resume(); // reads (and drops) what it is sent, so that it sees the other end close
      socket.on('close', () => silentClosed++);
    });
    const good = await serve((socket) =>
      readRequests(socket, (r) => socket.write(frame(r.correlationId, apiVersionsAnswer, false))),
    );
    const started = performance.now();
    const session = await WireSession.open(
      [`127.0.0.1:${silent}`, `127.0.0.1:${good}`],
      'c',
      2000,
      new AbortController().signal,
    );
    const tookMs = performance.now() - started;
    try {
      assert.equal(session.bootstrap.port, good);
      assert.ok(tookMs >= 950 && tookMs < 1900, `took ${tookMs} ms`);
      assert.ok(session.speaks(3, 12));
      assert.ok(!session.speaks(3, 14));
      assert.throws(() => session.require(69, 0), WireFallback);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(silentSockets, 1);
      assert.equal(silentClosed, 1, 'the silent server was let go');
    } finally {
      session.close();
    }
  });

  it('refused servers: the full client\'s "cannot reach" line; a silent one: no answer within the timeout', async () => {
    const refused = await serve(() => undefined);
    await closeServer(servers.pop() as Server);
    await assert.rejects(
      runOverWire({ bootstrapServers: [`127.0.0.1:${refused}`], timeoutMs: 2000 }, 'describing group "g"', 'g', () =>
        Promise.resolve(1),
      ),
      (error: unknown) => {
        assert.ok(isKafkaOperationError(error));
        assert.equal(error.kind, 'unreachable');
        assert.equal(error.message, `cannot reach bootstrap servers 127.0.0.1:${refused} (connection refused)`);
        return true;
      },
    );
    const silent = await serve(() => undefined);
    const started = performance.now();
    await assert.rejects(
      runOverWire({ bootstrapServers: [`127.0.0.1:${silent}`], timeoutMs: 800 }, 'describing group "g"', 'g', () =>
        Promise.resolve(1),
      ),
      (error: unknown) => {
        assert.ok(isKafkaOperationError(error));
        assert.equal(error.message, `cannot reach bootstrap servers 127.0.0.1:${silent} (no answer within 800 ms)`);
        return true;
      },
    );
    assert.ok(performance.now() - started < 1500);
  });

  it('an answer that cannot be read: one line saying so, naming what was being done', async () => {
    const port = await serve((socket) =>
      readRequests(socket, (r) => socket.write(frame(r.correlationId, Buffer.from([0, 0, 9]), false))),
    );
    await assert.rejects(
      runOverWire(
        { bootstrapServers: [`127.0.0.1:${port}`], timeoutMs: 2000 },
        'listing consumer groups',
        undefined,
        () => Promise.resolve(1),
      ),
      (error: unknown) => {
        assert.ok(isKafkaOperationError(error));
        assert.equal(error.kind, 'request');
        assert.match(
          error.message,
          /^a broker's answer could not be read while connecting to the bootstrap servers \(.+\): is this Kafka, or a proxy that changes its answers\?$/,
        );
        return true;
      },
    );
  });

  it('a refused server and one the full client may manage (ApiVersions v3 refused): handed to the full client', async () => {
    const refused = await serve(() => undefined);
    await closeServer(servers.pop() as Server);
    const old = await serve((socket) =>
      readRequests(socket, (r) => socket.write(frame(r.correlationId, new WireBytes().int16(35).build(), false))),
    );
    await assert.rejects(
      WireSession.open([`127.0.0.1:${refused}`, `127.0.0.1:${old}`], 'c', 2000, new AbortController().signal),
      WireFallback,
    );
    await assert.rejects(WireSession.open([], 'c', 2000, new AbortController().signal), WireFallback);
  });

  it('SASL against a server that does not answer it, and work that hands back, are a fallback to the full client', async () => {
    const port = await serve((socket) =>
      readRequests(socket, (r) => socket.write(frame(r.correlationId, apiVersionsAnswer, false))),
    );
    const options = { bootstrapServers: [`127.0.0.1:${port}`], timeoutMs: 2000 };
    await assert.rejects(
      runOverWire({ ...options, sasl: { mechanism: 'PLAIN', username: 'u', password: 'p' } }, 's', undefined, () =>
        Promise.resolve(1),
      ),
      (error: unknown) => isWireFallback(error),
    );
    await assert.rejects(
      runOverWire(options, 's', undefined, () => Promise.reject(new WireFallback('not mine'))),
      (error: unknown) => isWireFallback(error),
    );
    assert.equal(await runOverWire(options, 's', undefined, (session) => Promise.resolve(session.speaks(3, 12))), true);
  });
});
