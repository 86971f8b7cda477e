// The layers of src/ (src/layers.json): only src/vscode/ and src/extension.ts import `vscode`, and
// each folder imports only the folders it is allowed, so no layer reaches back up. Every relative
// import of every source file is resolved and checked; a planted bad import proves the check bites.

import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');
const srcRoot = path.join(root, 'src');
const layers = JSON.parse(readFileSync(path.join(srcRoot, 'layers.json'), 'utf8')) as Record<string, string[]>;
const folders = Object.keys(layers).filter((name) => name !== '//' && name !== 'extension.ts');

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const full = path.join(folder, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return full.endsWith('.ts') ? [full] : [];
  });
}

/** The layer a file of src/ belongs to: its first folder, or `extension.ts`. */
function layerOf(file: string): string {
  return path.relative(srcRoot, file).split(path.sep)[0];
}

/** Every import specifier of a source text (static, dynamic, require, re-export). */
function importSpecifiers(text: string): string[] {
  const pattern = /(?:from\s+|import\s*\(\s*|require\(\s*|import\s+)['"]([^'"]+)['"]/g;
  return [...text.matchAll(pattern)].map((match) => match[1]);
}

/** The layer rules broken by one file's imports, as `file -> target` lines. */
export function layerViolations(file: string, text: string): string[] {
  const layer = layerOf(file);
  const allowed = new Set([layer, ...(layers[layer] ?? [])]);
  const problems: string[] = [];
  for (const specifier of importSpecifiers(text)) {
    const name = path.relative(root, file);
    if (specifier === 'vscode') {
      if (layer !== 'vscode' && layer !== 'extension.ts') problems.push(`${name} -> vscode`);
      continue;
    }
    if (!specifier.startsWith('.')) continue;
    const target = path.resolve(path.dirname(file), specifier);
    const targetLayer = path.relative(srcRoot, target).split(path.sep)[0];
    if (targetLayer.startsWith('..') || targetLayer === 'layers.json') {
      if (targetLayer.startsWith('..')) problems.push(`${name} -> ${specifier} (outside src/)`);
      continue;
    }
    if (!allowed.has(targetLayer)) problems.push(`${name} -> ${specifier} (${layer} may not use ${targetLayer})`);
  }
  return problems;
}

describe('layering', () => {
  const files = sourceFiles(srcRoot);

  it('every folder of src/ has a layer entry, and every entry names real folders', () => {
    const onDisk = readdirSync(srcRoot).filter((name) => statSync(path.join(srcRoot, name)).isDirectory());
    assert.deepEqual([...onDisk].sort(), [...folders].sort());
    for (const [layer, allowed] of Object.entries(layers)) {
      if (layer === '//') continue;
      for (const other of allowed) assert.ok(folders.includes(other), `${layer} allows unknown ${other}`);
    }
  });

  it('no import runs against the layers (vscode only in the glue; no folder reaches back up)', () => {
    const problems = files.flatMap((file) => layerViolations(file, readFileSync(file, 'utf8')));
    assert.deepEqual(problems, []);
  });

  it('the check catches a wrong direction and a stray vscode import', () => {
    const kafkaFile = path.join(srcRoot, 'kafka', 'example.ts');
    assert.deepEqual(layerViolations(kafkaFile, "import type { X } from '../liveGroups/offsetReset';"), [
      'src/kafka/example.ts -> ../liveGroups/offsetReset (kafka may not use liveGroups)',
    ]);
    const traceFile = path.join(srcRoot, 'trace', 'example.ts');
    assert.deepEqual(layerViolations(traceFile, "import * as vscode from 'vscode';"), [
      'src/trace/example.ts -> vscode',
    ]);
    assert.deepEqual(layerViolations(traceFile, "export { a } from '../debugger/x';"), [
      'src/trace/example.ts -> ../debugger/x (trace may not use debugger)',
    ]);
    assert.deepEqual(layerViolations(traceFile, "import { a } from '../simulator/model';"), []);
  });

  it('every source file starts with a comment saying what it is for', () => {
    const missing = files.filter((file) => !readFileSync(file, 'utf8').startsWith('//'));
    assert.deepEqual(missing, []);
  });

  it('package.json contributes every command the code registers', () => {
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      contributes: { commands: { command: string }[] };
    };
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    const constants = readFileSync(path.join(srcRoot, 'vscode/contributions.ts'), 'utf8');
    const block = constants.slice(constants.indexOf('commandIds'), constants.indexOf('} as const'));
    const declared = [...block.matchAll(/'(offsetTrace\.[A-Za-z]+)'/g)].map((m) => m[1]).sort();
    assert.deepEqual(declared, contributed);
  });
});
