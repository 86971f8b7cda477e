// Inside VS Code: asks the runner (test/harness/faultBroker.ts) to stop or start the suite's fault
// broker, and waits until it has.

import * as fs from 'node:fs';
import * as path from 'node:path';

const KAFKA_MARKER = '[kot-kafka]';
let requests = 0;

/** Stops (`stop`) or starts again (`start`) the fault broker; resolves once the runner did it. */
export async function faultBroker(action: 'stop' | 'start', timeoutMs = 120_000): Promise<void> {
  const dir = process.env.KOT_SCREENSHOT_DIR;
  if (!dir) throw new Error('KOT_SCREENSHOT_DIR is not set: run this suite through test/vscodeSuite.test.ts');
  requests += 1;
  const id = `kafka-${process.pid}-${requests}`;
  const base = path.join(dir, id);
  console.log(`${KAFKA_MARKER} ${JSON.stringify({ id, action })}`);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (fs.existsSync(`${base}.kafka-done`)) {
      fs.rmSync(`${base}.kafka-done`, { force: true });
      return;
    }
    if (fs.existsSync(`${base}.kafka-error`)) {
      throw new Error(
        `the runner could not ${action} the fault broker: ${fs.readFileSync(`${base}.kafka-error`, 'utf8')}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the runner did not ${action} the fault broker within ${timeoutMs} ms`);
}
