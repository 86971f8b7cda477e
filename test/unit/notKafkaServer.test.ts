// Bootstrap servers that are not Kafka, on local sockets only (no broker): an HTTP server that answers
// anything with "400 Bad Request" and closes is named as not a Kafka broker, at once; a server that
// accepts and never answers is "no answer within" the timeout; the first bytes of a response are
// judged by their size prefix.

import * as assert from 'node:assert/strict';
import type { Server } from 'node:net';
import { cannotBeKafka, describeAnswer, serverShareMs } from '../../src/kafka/wire/serverAnswers';
import { createKafkaInspector, type KafkaInspector } from '../../src/kafka/kafkaInspector';
import { expectKafkaError } from '../support/expectKafkaError';
import { listen } from '../support/localServer';

const timeoutMs = 3000;

describe('bootstrap servers that are not Kafka (local sockets)', function () {
  this.timeout(timeoutMs + 5000);
  let http: { server: Server; port: number };
  let silent: { server: Server; port: number };
  const inspectors: KafkaInspector[] = [];
  const inspector = (servers: string[]): KafkaInspector => {
    const created = createKafkaInspector({ bootstrapServers: servers, timeoutMs });
    inspectors.push(created);
    return created;
  };

  before(async () => {
    http = await listen((socket) =>
      socket.once('data', () => socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n')),
    );
    silent = await listen(() => undefined);
  });

  after(async () => {
    await Promise.all(inspectors.map((i) => i.close()));
    await Promise.all([http, silent].map(({ server }) => new Promise((resolve) => server.close(resolve))));
  });

  it('an HTTP server: "is not a Kafka broker", naming it and its answer', async () => {
    const { error } = await expectKafkaError(inspector([`127.0.0.1:${http.port}`]).listGroups());
    assert.equal(error.kind, 'notKafka');
    assert.equal(
      error.message,
      `127.0.0.1:${http.port} is not a Kafka broker (it answered "HTTP/1.1 400 Bad Request")`,
    );
  });

  it('an HTTP server for a SASL cluster (the client authenticates first): "is not a Kafka broker" too', async () => {
    const created = createKafkaInspector({
      bootstrapServers: [`127.0.0.1:${http.port}`],
      timeoutMs,
      sasl: { mechanism: 'PLAIN', username: 'alice', password: 'a-password' },
    });
    inspectors.push(created);
    const { error } = await expectKafkaError(created.listGroups());
    assert.equal(error.kind, 'notKafka');
    assert.equal(
      error.message,
      `127.0.0.1:${http.port} is not a Kafka broker (it answered "HTTP/1.1 400 Bad Request")`,
    );
  });

  it('the same inspector asked again: the same message (it reconnects)', async () => {
    const again = inspector([`127.0.0.1:${http.port}`]);
    await expectKafkaError(again.listGroups());
    const { error } = await expectKafkaError(again.listGroups());
    assert.match(error.message, /is not a Kafka broker \(it answered "HTTP\/1\.1 400 Bad Request"\)$/);
  });

  it('a server that accepts and never answers: no answer within the timeout', async () => {
    const { error } = await expectKafkaError(inspector([`127.0.0.1:${silent.port}`]).listGroups());
    assert.equal(error.kind, 'unreachable');
    assert.equal(
      error.message,
      `cannot reach bootstrap servers 127.0.0.1:${silent.port} (no answer within ${timeoutMs} ms)`,
    );
  });

  it('a refused server then an HTTP server: the HTTP one is named', async () => {
    const refused = await listen(() => undefined);
    await new Promise((resolve) => refused.server.close(resolve));
    const { error } = await expectKafkaError(
      inspector([`127.0.0.1:${refused.port}`, `127.0.0.1:${http.port}`]).listGroups(),
    );
    assert.equal(error.kind, 'notKafka');
    assert.match(error.message, new RegExp(`^127\\.0\\.0\\.1:${http.port} is not a Kafka broker`));
  });
});

describe('what a bootstrap server answered', () => {
  it('a size prefix that cannot begin a Kafka response is not Kafka', () => {
    assert.equal(cannotBeKafka(Buffer.from('HTTP/1.1 400 Bad Request\r\n')), true); // 0x48545450
    assert.equal(cannotBeKafka(Buffer.from('SSH-2.0-OpenSSH_9.6\r\n')), true);
    assert.equal(cannotBeKafka(Buffer.from([0, 0, 0, 0, 1, 2])), true);
    assert.equal(cannotBeKafka(Buffer.from([0xff, 0xff, 0xff, 0xff])), true);
    assert.equal(cannotBeKafka(Buffer.from([0, 0, 1, 0x2c, 0, 0, 0, 1])), false); // 300 bytes follow
    assert.equal(cannotBeKafka(Buffer.from('HT')), undefined);
    assert.equal(cannotBeKafka(Buffer.from([0x16, 0x03, 0x03, 0x00, 0x2a])), false); // TLS: the client says so
  });

  it('quotes a first line of text, else shows the first bytes', () => {
    assert.equal(describeAnswer(Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n')), '"HTTP/1.1 400 Bad Request"');
    assert.equal(describeAnswer(Buffer.from([0, 0, 0, 0, 0xc3, 1, 2, 3, 4, 5])), 'bytes 00 00 00 00 c3 01 02 03 …');
    assert.equal(describeAnswer(Buffer.from('x'.repeat(100))), `"${'x'.repeat(80)}…"`);
  });

  it('each server is waited for min(timeout / servers, 3 s) before the next is asked', () => {
    assert.equal(serverShareMs(10_000, 2), 3000);
    assert.equal(serverShareMs(3000, 2), 1500);
    assert.equal(serverShareMs(3000, 1), 3000);
    assert.equal(serverShareMs(10_000, 5), 2000);
  });
});
