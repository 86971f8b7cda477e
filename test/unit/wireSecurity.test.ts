// SASL on the wire path, on bytes: SCRAM-SHA-256 gives RFC 7677's own example exchange; a local socket
// that plays the broker's side sees SaslHandshake v1 (header v1, no tagged fields) and SaslAuthenticate
// v2 with PLAIN's bytes, and a session opens after them; a refusal or a server that cannot prove it
// knows the SCRAM password is handed back to the full client. The live test (saslTls) runs them on Kafka.

import * as assert from 'node:assert/strict';
import type { Server, Socket } from 'node:net';
import { WireFallback } from '../../src/kafka/wire/wireConnection';
import { WireSession } from '../../src/kafka/wire/wireSession';
import { openConnection, ScramClient } from '../../src/kafka/wire/wireSecurity';
import type { KafkaSaslOptions } from '../../src/kafka/kafkaModel';
import { WireBytes } from '../support/wireBytes';
import { listen } from '../support/localServer';
import {
  apiVersionsAnswer,
  readRequests,
  responseFrame as frame,
  type WireRequest as Request,
} from '../support/wireRequests';

/** SaslHandshake v1's answer: an error code and the mechanisms the broker takes. */
const handshakeAnswer = (errorCode: number): Buffer =>
  new WireBytes().int16(errorCode).int32(1).classicString('PLAIN').build();

/** SaslAuthenticate v2's answer: error code, message, the broker's bytes, session lifetime, tags. */
function authenticateAnswer(errorCode: number, message: string | null, bytes: Buffer): Buffer {
  return new WireBytes()
    .int16(errorCode)
    .string(message)
    .uvarint(bytes.length + 1)
    .raw(bytes)
    .int64(0n)
    .tags()
    .build();
}

describe('SASL on the wire path', function () {
  this.timeout(10_000);
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  });
  const serve = async (onSocket: (socket: Socket) => void): Promise<number> => {
    const { server, port } = await listen(onSocket);
    servers.push(server);
    return port;
  };

  it('SCRAM-SHA-256 makes RFC 7677’s example exchange and checks the server’s signature', () => {
    const client = new ScramClient('sha256', 'user', 'pencil', 'rOprNGfwEbeRWgbNEkqO');
    assert.equal(client.clientFirst(), 'n,,n=user,r=rOprNGfwEbeRWgbNEkqO');
    const serverFirst = 'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096';
    assert.equal(
      client.clientFinal(serverFirst),
      'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
    );
    client.checkServerFinal('v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=');
    assert.throws(() => client.checkServerFinal('v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='), /did not prove/);
    assert.throws(() => client.checkServerFinal('e=other-error'), /did not prove/);
    // a server nonce that does not extend ours is refused
    assert.throws(
      () => new ScramClient('sha256', 'user', 'pencil', 'abc').clientFinal(serverFirst),
      /cannot be answered/,
    );
    // '=' and ',' in a user name are escaped
    assert.equal(new ScramClient('sha512', 'a=b,c', 'p', 'n').clientFirst(), 'n,,n=a=3Db=2Cc,r=n');
  });

  it('PLAIN: SaslHandshake v1 without tagged fields, then SaslAuthenticate v2 with the credentials; then the session works', async () => {
    const seen: Request[] = [];
    const port = await serve((socket) =>
      readRequests(socket, (request) => {
        seen.push(request);
        if (request.apiKey === 17) socket.write(frame(request.correlationId, handshakeAnswer(0), false));
        else if (request.apiKey === 36)
          socket.write(frame(request.correlationId, authenticateAnswer(0, null, Buffer.alloc(0)), true));
        else if (request.apiKey === 18) socket.write(frame(request.correlationId, apiVersionsAnswer, false));
      }),
    );
    const sasl: KafkaSaslOptions = { mechanism: 'PLAIN', username: 'bob', password: 'pw' };
    const session = await WireSession.open([`127.0.0.1:${port}`], 'my-client', 2000, new AbortController().signal, {
      sasl,
    });
    try {
      assert.equal(session.speaks(3, 12), true);
      assert.deepEqual(
        seen.map((r) => [r.apiKey, r.version, r.clientId]),
        [
          [17, 1, 'my-client'],
          [36, 2, 'my-client'],
          [18, 3, 'my-client'],
        ],
      );
      // SaslHandshake: header v1 (the mechanism right after the client id), a classic string
      assert.deepEqual(seen[0].rest, new WireBytes().classicString('PLAIN').build());
      // SaslAuthenticate: header v2 (empty tags), compact bytes \0user\0password, empty tags
      const plain = Buffer.from('\u0000bob\u0000pw', 'utf8');
      assert.deepEqual(
        seen[1].rest,
        new WireBytes()
          .tags()
          .uvarint(plain.length + 1)
          .raw(plain)
          .tags()
          .build(),
      );
    } finally {
      session.close();
    }
  });

  it('a refused handshake or password, or a server that cannot prove the SCRAM password: handed to the full client', async () => {
    /** The client's SASL bytes in a SaslAuthenticate request (empty tags, a one-byte compact length). */
    const clientBytes = (request: Request): string => request.rest.toString('utf8', 2, 1 + request.rest[1]);
    const answers = (handshakeError: number, authenticate: (round: number, client: string) => Buffer) =>
      serve((socket) => {
        let round = 0;
        readRequests(socket, (request) => {
          if (request.apiKey === 17) socket.write(frame(request.correlationId, handshakeAnswer(handshakeError), false));
          else if (request.apiKey === 36)
            socket.write(frame(request.correlationId, authenticate(round++, clientBytes(request)), true));
        });
      });
    const plain: KafkaSaslOptions = { mechanism: 'PLAIN', username: 'u', password: 'p' };
    const noMechanism = await answers(33, () => Buffer.alloc(0));
    await assert.rejects(
      openConnection('127.0.0.1', noMechanism, 'c', undefined, { sasl: plain }),
      (error: unknown) => {
        assert.ok(error instanceof WireFallback);
        assert.match(error.message, /does not take SASL PLAIN \(error 33\)/);
        return true;
      },
    );
    const wrongPassword = await answers(0, () => authenticateAnswer(58, 'Authentication failed', Buffer.alloc(0)));
    await assert.rejects(
      openConnection('127.0.0.1', wrongPassword, 'c', undefined, { sasl: plain }),
      (error: unknown) => error instanceof WireFallback && /error 58: Authentication failed/.test(error.message),
    );
    // a SCRAM "server" that extends our nonce and accepts any proof, but signs with a key it made up
    const impostor = await answers(0, (round, client) => {
      const nonce = /r=([^,]*)/.exec(client)?.[1] ?? '';
      const text =
        round === 0 ? `r=${nonce}theirs,s=c2FsdA==,i=4096` : 'v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
      return authenticateAnswer(0, null, Buffer.from(text));
    });
    const scram: KafkaSaslOptions = { mechanism: 'SCRAM-SHA-256', username: 'u', password: 'p' };
    await assert.rejects(
      openConnection('127.0.0.1', impostor, 'c', undefined, { sasl: scram }),
      (error: unknown) => error instanceof WireFallback && /did not prove/.test(error.message),
    );
  });
});
