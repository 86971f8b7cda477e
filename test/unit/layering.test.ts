// The layers meant to run without VS Code (simulator, trace model, protocol, webview, CLI)
// never import `vscode`; this keeps them testable in plain Node and usable from the CLI.

import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');
const pureFolders = ['src/core', 'src/protocol', 'src/webview', 'src/cli', 'src/kafka'];

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const full = path.join(folder, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return full.endsWith('.ts') ? [full] : [];
  });
}

describe('layering', () => {
  for (const folder of pureFolders) {
    it(`${folder} does not import vscode`, () => {
      const files = sourceFiles(path.join(root, folder));
      assert.ok(files.length > 0, `${folder} has sources`);
      const offenders = files.filter((file) =>
        /from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)|import\(\s*['"]vscode['"]\s*\)/.test(
          readFileSync(file, 'utf8'),
        ),
      );
      assert.deepEqual(offenders, []);
    });
  }

  it('every source file starts with a comment saying what it is for', () => {
    const files = sourceFiles(path.join(root, 'src'));
    const missing = files.filter((file) => !readFileSync(file, 'utf8').startsWith('//'));
    assert.deepEqual(missing, []);
  });

  it('package.json contributes every command the code registers', () => {
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      contributes: { commands: { command: string }[] };
    };
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    const constants = readFileSync(path.join(root, 'src/contributions.ts'), 'utf8');
    const block = constants.slice(constants.indexOf('commandIds'), constants.indexOf('} as const'));
    const declared = [...block.matchAll(/'(offsetTrace\.[A-Za-z]+)'/g)].map((m) => m[1]).sort();
    assert.deepEqual(declared, contributed);
  });
});
