// `describe` without a broker: bad arguments and --command-config files fail with one line; the
// built dist/cli.js gives a one-line error within its timeout when the server refuses, never answers,
// or hangs up mid-request (plain TCP servers, no Kafka); and the Kafka client stays out of the
// extension and CLI bundles, loaded only on first use.

import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { runCli } from '../../src/cli/cliCommands';
import { cliPath, runBuiltCli, type CliRun } from '../support/builtCli';
import { isKafkaClientLoaded, kafkaClientPath } from '../../src/kafka/kafkaClientLoader';

const root = path.resolve(__dirname, '../..');

async function run(argv: string[], files: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const readTextFile = (file: string): string => {
    if (file in files) return files[file];
    throw Object.assign(new Error(`ENOENT: no such file, open '${file}'`), { code: 'ENOENT' });
  };
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t) }, '0.0.0', {
    readTextFile,
    loadKafkaClient: () => {
      throw new Error('the client must not be loaded for argument errors');
    },
  });
  return { code, out, err };
}

/** A TCP server on 127.0.0.1 that does `onConnection` with each socket; closed after the test. */
async function tcpServer(onConnection: (socket: net.Socket) => void): Promise<{ port: number; close(): void }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    close() {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

function assertOneLineError(result: CliRun, message: RegExp): void {
  assert.equal(result.code, 1, result.stderr);
  assert.equal(result.stdout, '');
  assert.equal(result.stderr.trimEnd().split('\n').length, 1, result.stderr);
  assert.match(result.stderr, message);
  assert.doesNotMatch(result.stderr, /\n\s+at /);
}

describe('CLI describe', () => {
  const usageErrors: [string[], RegExp][] = [
    [['describe', '--group', 'g'], /describe needs --bootstrap-server/],
    [['describe', '--bootstrap-server', 'localhost:9092'], /describe needs --group/],
    [['describe', '--bootstrap-server', 'localhost', '--group', 'g'], /--bootstrap-server must be HOST:PORT/],
    [['describe', '--bootstrap-server', 'h:99999', '--group', 'g'], /must be HOST:PORT.*"h:99999"/],
    [['describe', '--bootstrap-server', 'h:1', '--group', 'g', '--timeout-ms', '0'], /--timeout-ms must be/],
    [['describe', '--bootstrap-server', 'h:1', '--group', 'g', '--timeout-ms', '1.5'], /--timeout-ms must be/],
    [
      ['describe', '--bootstrap-server', 'h:1', '--group', 'g', '--command-config', '/nope'],
      /cannot read --command-config \/nope \(ENOENT\)/,
    ],
  ];
  for (const [argv, message] of usageErrors) {
    it(`refuses "${argv.slice(1).join(' ')}" with one line and exit 2`, async () => {
      const { code, out, err } = await run(argv);
      assert.equal(code, 2);
      assert.equal(out, '');
      assert.match(err, message);
      assert.equal(err.trimEnd().split('\n').length, 1);
    });
  }

  it('refuses an unsupported --command-config with one line naming the property', async () => {
    const { code, err } = await run(
      ['describe', '--bootstrap-server', 'h:1', '--group', 'g', '--command-config', 'client.properties'],
      { 'client.properties': 'security.protocol=SSL\nssl.truststore.location=/etc/kafka/truststore.jks\n' },
    );
    assert.equal(code, 2);
    assert.match(err, /^kafka-offset-trace: --command-config: ssl.truststore.type JKS is not supported/);
  });

  it('demo and scenarios never load the Kafka client', async () => {
    assert.equal((await runCli(['demo'], { out: () => undefined, err: () => undefined }, '0')).valueOf(), 0);
    assert.equal(isKafkaClientLoaded(), false);
  });

  describe('the built dist/cli.js and dist/kafkaClient.js', () => {
    before(function () {
      for (const file of [cliPath, path.join(root, 'dist/kafkaClient.js')]) {
        if (!existsSync(file)) throw new Error(`${file} is missing: run npm run build first`);
      }
    });

    it('keeps the Kafka client out of dist/extension.js and dist/cli.js (a separate, lazily loaded bundle)', () => {
      const client = readFileSync(path.join(root, 'dist/kafkaClient.js'), 'utf8');
      // a message of the library's own (our code only reads its error codes, which the CLI's wire path shares)
      const libraryMarker = /Received response with error while executing API/;
      assert.match(client, libraryMarker);
      // The other bundles carry the YAML parser, the simulator and the debug adapter; bundling the client
      // would also make them bigger than the client itself.
      const clientSize = statSync(path.join(root, 'dist/kafkaClient.js')).size;
      for (const bundle of ['dist/cli.js', 'dist/cliMain.js', 'dist/extension.js']) {
        const file = path.join(root, bundle);
        if (!existsSync(file)) continue;
        const text = readFileSync(file, 'utf8');
        assert.doesNotMatch(text, libraryMarker, `${bundle} bundles the Kafka client`);
        assert.ok(statSync(file).size < clientSize, `${bundle} is ${statSync(file).size} bytes`);
      }
      assert.equal(kafkaClientPath(path.join(root, 'dist')), path.join(root, 'dist/kafkaClient.js'));
    });

    it('a refused connection: one line, exit 1, fast', async () => {
      const server = await tcpServer(() => undefined);
      const port = server.port;
      server.close(); // nothing listens there any more
      const result = await runBuiltCli(['describe', '--bootstrap-server', `127.0.0.1:${port}`, '--group', 'g']);
      assertOneLineError(
        result,
        new RegExp(`cannot reach bootstrap servers 127.0.0.1:${port} \\(connection refused\\)`),
      );
      assert.ok(result.elapsedMs < 5000, `${result.elapsedMs} ms`);
    });

    /** `describe --group g` against a local port, with a timeout. */
    const describeAt = (port: number, timeoutMs: number) =>
      runBuiltCli([
        'describe',
        '--bootstrap-server',
        `127.0.0.1:${port}`,
        '--group',
        'g',
        '--timeout-ms',
        String(timeoutMs),
      ]);

    it('a server that never answers: one line within the timeout, never a hang', async () => {
      const server = await tcpServer(() => undefined);
      try {
        const result = await describeAt(server.port, 1500);
        assertOneLineError(result, /cannot reach bootstrap servers .* \(.*\)/);
        assert.ok(result.elapsedMs < 1500 + 1500, `${result.elapsedMs} ms`);
      } finally {
        server.close();
      }
    });

    it('a server that hangs up mid-request: one line, exit 1', async () => {
      const server = await tcpServer((socket) => socket.once('data', () => socket.destroy()));
      try {
        const result = await describeAt(server.port, 3000);
        assertOneLineError(result, /^kafka-offset-trace: (cannot reach|lost the connection)/);
        assert.ok(result.elapsedMs < 3000 + 1500, `${result.elapsedMs} ms`);
      } finally {
        server.close();
      }
    });
  });
});
