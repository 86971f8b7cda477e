// Runs the same integration suite (out/test/vscode/index.js) in VS Code desktop via @vscode/test-electron,
// for machines that can download VS Code (e.g. a laptop): `npm run build && npx tsx test/vscode/runDesktop.ts`.
// CI machines without that download use the code-server runner (test/vscodeSuite.test.ts) instead.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${start}`);
  }
}

async function main(): Promise<void> {
  const repoRoot = findRepoRoot(__dirname);
  const extensionTestsPath = path.join(repoRoot, 'out', 'test', 'vscode', 'index.js');
  if (!fs.existsSync(extensionTestsPath)) {
    throw new Error(`${extensionTestsPath} is missing: run npm run build first`);
  }
  const workspaceFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'kot-vscode-desktop-ws-'));
  try {
    const exitCode = await runTests({
      version: process.env.KOT_VSCODE_VERSION ?? 'stable',
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath,
      launchArgs: [workspaceFolder, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome'],
      // The desktop runner cannot serve takeScreenshot() requests (see test/vscode/screenshot.ts).
      extensionTestsEnv: { KOT_SCREENSHOTS_UNSUPPORTED: '1' },
    });
    if (exitCode !== 0) throw new Error(`VS Code desktop test run exited with code ${exitCode}`);
  } finally {
    fs.rmSync(workspaceFolder, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
