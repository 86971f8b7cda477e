// The project cites its own design document (docs/design.md) by heading anchor from code, tests and
// the README; every cited anchor must exist there, so a renamed heading cannot leave a dangling citation.

import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');

/** GitHub's anchor for a Markdown heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s/g, '-');
}

/** The .ts and .md files of a folder, this test file excepted (it names the patterns it looks for). */
function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const full = path.join(folder, name);
    if (statSync(full).isDirectory()) return filesUnder(full);
    return /\.(ts|md)$/.test(name) && full !== __filename ? [full] : [];
  });
}

describe('citations of docs/design.md', () => {
  const design = readFileSync(path.join(root, 'docs/design.md'), 'utf8');
  const anchors = new Set([...design.matchAll(/^#{1,6} (.+)$/gm)].map((match) => slug(match[1])));

  it('has the anchors the tests rely on', () => {
    for (const anchor of [
      'kafka-semantics',
      'seed-table',
      'built-in-scenarios',
      'scenario-files',
      'trace-files',
      'debugger',
    ]) {
      assert.ok(anchors.has(anchor), anchor);
    }
  });

  it('every docs/design.md#anchor cited in src, test, docs and the README exists', () => {
    const files = [
      ...filesUnder(path.join(root, 'src')),
      ...filesUnder(path.join(root, 'test')),
      ...filesUnder(path.join(root, 'docs')),
      path.join(root, 'README.md'),
    ];
    const dangling: string[] = [];
    let cited = 0;
    for (const file of files) {
      for (const match of readFileSync(file, 'utf8').matchAll(/design\.md#([a-z0-9-]+)/g)) {
        cited += 1;
        if (!anchors.has(match[1])) dangling.push(`${path.relative(root, file)}: #${match[1]}`);
      }
    }
    assert.ok(cited >= 10, `only ${cited} citations found`);
    assert.deepEqual(dangling, []);
  });

  it('nothing cites the design document outside this repository any more', () => {
    const files = [
      ...filesUnder(path.join(root, 'src')),
      ...filesUnder(path.join(root, 'test')),
      path.join(root, 'README.md'),
    ];
    const outside = files.filter((file) => /shared\/DESIGN\.md|\bDESIGN\.md/.test(readFileSync(file, 'utf8')));
    assert.deepEqual(
      outside.map((file) => path.relative(root, file)),
      [path.relative(root, __filename)].filter(() => false),
    );
  });
});
