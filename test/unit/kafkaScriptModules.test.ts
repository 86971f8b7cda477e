// The modules behind scripts/kafka.mjs that need no java: option parsing, the raw wire protocol
// (framing, ApiVersions, Metadata; and one request over a real socket), the broker config and the
// data dir's state file. The script itself runs a real Kafka in the live tests.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

type Spec = Record<string, 'value' | 'flag' | 'list'>;
type Options = Record<string, string | boolean | string[] | undefined>;
interface Broker {
  id: number;
  host: string;
  port: number;
}
interface NodeState {
  id: number;
  port: number;
  controllerPort: number;
  listeners?: Record<string, number>;
  dir?: string;
  configFile?: string;
  logDirs?: string;
  pidFile?: string;
}
interface ClusterState {
  kafkaVersion: string;
  clusterId: string;
  brokers: number;
  overrides: string[];
  listeners?: { name: string; protocol: string }[];
  dataDir: string;
  nodes: NodeState[];
}

interface ScriptModules {
  options: {
    parseOptions(argv: string[], spec: Spec): Options;
    intOption(value: string | undefined, name: string, allowed?: number[]): number | undefined;
    parseListener(text: string): { name: string; protocol: string };
  };
  wire: {
    encodeRequest(apiKey: number, apiVersion: number, correlationId: number, body: Buffer): Buffer;
    responseBody(data: Buffer, correlationId: number): Buffer | undefined;
    apiVersionRange(versions: Buffer, apiKey: number): [number, number] | undefined;
    metadataBrokers(body: Buffer): Broker[];
  };
  wireClient: { kafkaRequest(port: number, apiKey: number, apiVersion: number, body: Buffer): Promise<Buffer> };
  broker: { brokerProperties(state: ClusterState, node: NodeState): string };
  stateFile: {
    nodePaths(dataDir: string, id: number): Required<Pick<NodeState, 'dir' | 'configFile' | 'logDirs' | 'pidFile'>>;
    saveState(state: ClusterState): void;
    loadState(dataDir: string): ClusterState | undefined;
  };
  plan: { randomClusterId(): string };
}

const scriptsDir = path.resolve(__dirname, '../../scripts/kafka');
const load = async <T>(name: string): Promise<T> =>
  (await import(pathToFileURL(path.join(scriptsDir, name)).href)) as T;

async function loadModules(): Promise<ScriptModules> {
  return {
    options: await load('options.mjs'),
    wire: await load('wireProtocol.mjs'),
    wireClient: await load('wireClient.mjs'),
    broker: await load('brokerProperties.mjs'),
    stateFile: await load('stateFile.mjs'),
    plan: await load('clusterPlan.mjs'),
  };
}

/** A response frame: size, correlation id, body. */
function frame(correlationId: number, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeInt32BE(4 + body.length, 0);
  head.writeInt32BE(correlationId, 4);
  return Buffer.concat([head, body]);
}

/** An ApiVersions v0 body: error code, then [api key, min, max] entries. */
function apiVersions(errorCode: number, apis: [number, number, number][]): Buffer {
  const body = Buffer.alloc(6 + apis.length * 6);
  body.writeInt16BE(errorCode, 0);
  body.writeInt32BE(apis.length, 2);
  apis.forEach(([key, min, max], i) => {
    body.writeInt16BE(key, 6 + i * 6);
    body.writeInt16BE(min, 8 + i * 6);
    body.writeInt16BE(max, 10 + i * 6);
  });
  return body;
}

/** A Metadata v4 body up to the brokers: throttle time, then [id, host, port, rack] entries. */
function metadata(brokers: { id: number; host: string; port: number; rack: string | null }[]): Buffer {
  const parts = [Buffer.alloc(8)];
  parts[0].writeInt32BE(0, 0);
  parts[0].writeInt32BE(brokers.length, 4);
  for (const b of brokers) {
    const host = Buffer.from(b.host);
    const head = Buffer.alloc(6);
    head.writeInt32BE(b.id, 0);
    head.writeInt16BE(host.length, 4);
    const rack = b.rack === null ? Buffer.alloc(0) : Buffer.from(b.rack);
    const tail = Buffer.alloc(6);
    tail.writeInt32BE(b.port, 0);
    tail.writeInt16BE(b.rack === null ? -1 : rack.length, 4);
    parts.push(head, host, tail, rack);
  }
  parts.push(Buffer.alloc(8)); // cluster id, controller id, topics: not read
  return Buffer.concat(parts);
}

describe('scripts/kafka modules', () => {
  let m: ScriptModules;
  before(async () => {
    m = await loadModules();
  });

  describe('options', () => {
    const spec: Spec = { port: 'value', override: 'list', json: 'flag', 'data-dir': 'value' };

    it('reads values (both spellings), repeated list options and flags', () => {
      const opts = m.options.parseOptions(
        ['--port', '19092', '--data-dir=/tmp/k', '--override', 'a=1', '--override=b=2', '--json'],
        spec,
      );
      assert.deepEqual(opts, { override: ['a=1', 'b=2'], port: '19092', 'data-dir': '/tmp/k', json: true });
    });

    it('refuses unknown arguments and a value option without a value', () => {
      assert.throws(
        () => m.options.parseOptions(['--brokers', '3'], spec),
        /^Error: unknown argument '--brokers' \(see: node scripts\/kafka.mjs help\)$/,
      );
      assert.throws(() => m.options.parseOptions(['--port'], spec), /option --port needs a value/);
    });

    it('integer options: 1..65535, optionally one of a set', () => {
      assert.equal(m.options.intOption(undefined, 'port'), undefined);
      assert.equal(m.options.intOption('9092', 'port'), 9092);
      assert.equal(m.options.intOption('3', 'brokers', [1, 3]), 3);
      assert.throws(() => m.options.intOption('2', 'brokers', [1, 3]), /--brokers must be one of 1, 3, got 2/);
      assert.throws(() => m.options.intOption('70000', 'port'), /--port must be an integer, got '70000'/);
      assert.throws(() => m.options.intOption('1.5', 'timeout'), /--timeout must be an integer/);
    });

    it('listeners: NAME:PROTOCOL or PROTOCOL alone, upper-cased; PLAINTEXT and CONTROLLER are taken', () => {
      assert.deepEqual(m.options.parseListener('sasl_ssl'), { name: 'SASL_SSL', protocol: 'SASL_SSL' });
      assert.deepEqual(m.options.parseListener('SECURE:SSL'), { name: 'SECURE', protocol: 'SSL' });
      assert.throws(() => m.options.parseListener('PLAINTEXT:SSL'), /--listener name must be/);
      assert.throws(() => m.options.parseListener('X:HTTP'), /--listener protocol must be one of/);
    });
  });

  describe('wire protocol', () => {
    it('frames a request: size, api key, version, correlation id, client id, body', () => {
      const request = m.wire.encodeRequest(3, 4, 7, Buffer.from([0xaa, 0xbb]));
      const clientId = 'kafka.mjs';
      assert.equal(request.readInt32BE(0), request.length - 4);
      assert.equal(request.readInt16BE(4), 3);
      assert.equal(request.readInt16BE(6), 4);
      assert.equal(request.readInt32BE(8), 7);
      assert.equal(request.readInt16BE(12), clientId.length);
      assert.equal(request.toString('utf8', 14, 14 + clientId.length), clientId);
      assert.deepEqual([...request.subarray(14 + clientId.length)], [0xaa, 0xbb]);
    });

    it('cuts the body out of a whole response, waits for the rest of a partial one', () => {
      const whole = frame(7, Buffer.from('body'));
      assert.equal(m.wire.responseBody(whole.subarray(0, 3), 7), undefined);
      assert.equal(m.wire.responseBody(whole.subarray(0, whole.length - 1), 7), undefined);
      assert.equal(m.wire.responseBody(whole, 7)?.toString(), 'body');
      assert.throws(() => m.wire.responseBody(frame(8, Buffer.from('x')), 7), /bad correlation id/);
    });

    it('finds an API version range in ApiVersions, and fails on its error code', () => {
      const body = apiVersions(0, [
        [0, 0, 11],
        [3, 0, 12],
        [18, 0, 4],
      ]);
      assert.deepEqual(m.wire.apiVersionRange(body, 3), [0, 12]);
      assert.equal(m.wire.apiVersionRange(body, 60), undefined);
      assert.throws(() => m.wire.apiVersionRange(apiVersions(35, []), 3), /ApiVersions error 35/);
    });

    it('reads the brokers of a Metadata v4 answer, with or without a rack', () => {
      const body = metadata([
        { id: 1, host: '127.0.0.1', port: 19092, rack: null },
        { id: 2, host: 'broker-2.local', port: 19093, rack: 'rack-a' },
        { id: 3, host: '127.0.0.1', port: 19094, rack: '' },
      ]);
      assert.deepEqual(m.wire.metadataBrokers(body), [
        { id: 1, host: '127.0.0.1', port: 19092 },
        { id: 2, host: 'broker-2.local', port: 19093 },
        { id: 3, host: '127.0.0.1', port: 19094 },
      ]);
    });

    it('sends one request over a socket and reassembles an answer that arrives in pieces', async () => {
      let received = Buffer.alloc(0);
      const server = net.createServer((socket) => {
        socket.on('data', (chunk) => {
          received = Buffer.concat([received, chunk]);
          const answer = frame(received.readInt32BE(8), Buffer.from('hello broker'));
          socket.write(answer.subarray(0, 5));
          setTimeout(() => socket.write(answer.subarray(5)), 20);
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = server.address() as net.AddressInfo;
        const body = await m.wireClient.kafkaRequest(port, 18, 0, Buffer.alloc(0));
        assert.equal(body.toString(), 'hello broker');
        assert.equal(received.readInt16BE(4), 18);
      } finally {
        server.close();
      }
    });
  });

  describe('broker config and state file', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-script-test-'));
    after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

    function threeNodes(): ClusterState {
      return {
        kafkaVersion: '4.4.0',
        clusterId: 'abc',
        brokers: 3,
        overrides: ['log.retention.ms = 1000', 'num.partitions=6'],
        listeners: [{ name: 'SASL_SSL', protocol: 'SASL_SSL' }],
        dataDir,
        nodes: [1, 2, 3].map((id) => ({
          id,
          port: 19091 + id,
          controllerPort: 29091 + id,
          listeners: { SASL_SSL: 39091 + id },
          ...m.stateFile.nodePaths(dataDir, id),
        })),
      };
    }

    it('writes a KRaft broker+controller config sized to the cluster, overrides last', () => {
      const state = threeNodes();
      const lines = m.broker.brokerProperties(state, state.nodes[1]).trimEnd().split('\n');
      const props = new Map(lines.slice(1).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
      assert.match(lines[0], /^# Written by scripts\/kafka.mjs/);
      assert.equal(props.get('node.id'), '2');
      assert.equal(props.get('controller.quorum.voters'), '1@127.0.0.1:29092,2@127.0.0.1:29093,3@127.0.0.1:29094');
      assert.equal(
        props.get('listeners'),
        'PLAINTEXT://127.0.0.1:19093,CONTROLLER://127.0.0.1:29093,SASL_SSL://127.0.0.1:39093',
      );
      assert.equal(props.get('advertised.listeners'), 'PLAINTEXT://127.0.0.1:19093,SASL_SSL://127.0.0.1:39093');
      assert.equal(
        props.get('listener.security.protocol.map'),
        'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL',
      );
      assert.equal(props.get('log.dirs'), path.join(dataDir, 'node-2', 'logs'));
      assert.equal(props.get('offsets.topic.replication.factor'), '3');
      assert.equal(props.get('transaction.state.log.min.isr'), '2');
      assert.equal(props.get('log.retention.ms'), '1000');
      assert.equal(props.get('num.partitions'), '6');
    });

    it('a single broker replicates once, with min ISR 1', () => {
      const state: ClusterState = {
        ...threeNodes(),
        brokers: 1,
        overrides: [],
        listeners: undefined,
        nodes: [{ id: 1, port: 9092, controllerPort: 9093, ...m.stateFile.nodePaths(dataDir, 1) }],
      };
      const text = m.broker.brokerProperties(state, state.nodes[0]);
      assert.match(text, /^listeners=PLAINTEXT:\/\/127\.0\.0\.1:9092,CONTROLLER:\/\/127\.0\.0\.1:9093$/m);
      assert.match(text, /^default\.replication\.factor=1$/m);
      assert.match(text, /^transaction\.state\.log\.min\.isr=1$/m);
    });

    it('saves the layout without paths and loads it back with them', () => {
      const state = threeNodes();
      m.stateFile.saveState(state);
      const saved = JSON.parse(fs.readFileSync(path.join(dataDir, 'cluster.json'), 'utf8')) as ClusterState;
      assert.equal(saved.dataDir, undefined);
      assert.deepEqual(saved.nodes[0], { id: 1, port: 19092, controllerPort: 29092, listeners: { SASL_SSL: 39092 } });
      const loaded = m.stateFile.loadState(dataDir);
      assert.deepEqual(loaded, state);
      assert.equal(loaded?.nodes[2].pidFile, path.join(dataDir, 'node-3', 'kafka.pid'));
      assert.equal(m.stateFile.loadState(path.join(dataDir, 'nothing-here')), undefined);
    });

    it('makes cluster ids as the storage tool does: 16 bytes, base64url, not starting with "-"', () => {
      const ids = Array.from({ length: 50 }, () => m.plan.randomClusterId());
      for (const id of ids) {
        assert.match(id, /^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
        assert.equal(Buffer.from(id, 'base64url').length, 16);
      }
      assert.equal(new Set(ids).size, ids.length);
    });
  });
});
