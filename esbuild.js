// Builds every bundle: the extension (Node, CommonJS, `vscode` external), the panel's webview
// script (browser), the CLI, the lazily loaded Kafka client, and the tests that run inside VS Code.
// `--watch` rebuilds on change; `--production` minifies and drops source maps.
'use strict';

const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');
const { version } = require('./package.json');

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** Logs each rebuild's result, as `tsc --watch` does, so problem matchers can follow it. */
const reportPlugin = {
  name: 'report',
  setup(build) {
    build.onStart(() => {
      if (watch) console.log('[watch] build started');
    });
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}`);
      }
      if (watch) console.log('[watch] build finished');
    });
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  plugins: [reportPlugin],
  // Scenario files (src/scenarios/builtIn/*.offsets.yaml) are bundled as their text: one source of truth.
  loader: { '.yaml': 'text' },
};

// The CLI refuses to start on a Node older than 22 before any other code runs.
const nodeCheck = [
  '#!/usr/bin/env node',
  'if (Number(process.versions.node.split(".")[0]) < 22) {',
  '  process.stderr.write("kafka-offset-trace: needs Node.js 22 or newer (this is " + process.version + ")\\n");',
  '  process.exit(1);',
  '}',
].join('\n');

// @platformatic/kafka is ESM-only; this bundle turns it into CommonJS that the extension and the CLI
// `require` on first use (src/kafka/kafkaClientLoader.ts). `import.meta.url` (used to find optional
// native modules) becomes this file's URL; the WebAssembly helpers come inlined from the `bundled`
// entry instead of reading native.wasm from node_modules; the optional @node-rs/crc32 and protobufjs
// stay external (the client falls back to its WebAssembly CRC32C, and we use no schema registry).
// The client compiles ~40 JSON-schema validators for its options when it loads (≈100 ms), and calls
// them only in its `strict` mode, which we do not use: compile each on its first call instead.
const lazyValidatorsPlugin = {
  name: 'lazy-ajv-validators',
  setup(build) {
    build.onLoad({ filter: /@platformatic[\\/]kafka[\\/]dist[\\/]utils\.js$/ }, async (args) => {
      const source = await fs.promises.readFile(args.path, 'utf8');
      const patch = `
const compileNow = ajv.compile.bind(ajv);
ajv.compile = (schema) => {
  let compiled;
  const validate = (data) => {
    compiled ??= compileNow(schema);
    const valid = compiled(data);
    validate.errors = compiled.errors;
    return valid;
  };
  validate.errors = null;
  return validate;
};
`;
      if (!/export const ajv = /.test(source)) throw new Error('lazy-ajv-validators: @platformatic/kafka changed');
      return { contents: source + patch, loader: 'js' };
    });
  },
};

const kafkaClientBuild = {
  ...common,
  entryPoints: { kafkaClient: 'src/kafka/kafkaClient.ts' },
  outdir: 'dist',
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  alias: { '@platformatic/wasm-utils': '@platformatic/wasm-utils/bundled' },
  external: ['@node-rs/crc32', 'protobufjs'],
  define: { 'import.meta.url': 'kafkaClientModuleUrl' },
  banner: { js: "const kafkaClientModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [...common.plugins, lazyValidatorsPlugin],
};

const vscodeTestFiles = fs.existsSync('test/vscode/suite')
  ? fs
      .readdirSync('test/vscode/suite')
      .filter((name) => name.endsWith('.test.ts'))
      .map((name) => path.join('test/vscode/suite', name))
  : [];

const builds = [
  {
    ...common,
    entryPoints: { extension: 'src/extension.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['vscode'],
    // When the bundle starts to evaluate, before any module in it: the extension's activation figures start here.
    banner: { js: 'globalThis.__offsetTraceBundleStart = performance.now();' },
  },
  {
    ...common,
    entryPoints: { webview: 'src/webview/main.ts' },
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
  {
    ...common,
    entryPoints: { cliMain: 'src/cli/cliMain.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    banner: { js: nodeCheck },
    define: { CLI_VERSION: JSON.stringify(version) },
  },
  {
    // dist/cli.js: the version check, Node's compile cache on, then dist/cliMain.js
    ...common,
    entryPoints: { cli: 'src/cli/cliLauncher.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    banner: { js: nodeCheck },
  },
  kafkaClientBuild,
  {
    ...common,
    entryPoints: { debugAdapter: 'src/debugger/debugAdapterMain.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    banner: { js: nodeCheck.replace(/kafka-offset-trace:/, 'kafka-offsets debug adapter:') },
  },
  {
    ...common,
    minify: false,
    entryPoints: ['test/vscode/index.ts', ...vscodeTestFiles],
    outdir: 'out/test/vscode',
    outbase: 'test/vscode',
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['vscode', 'mocha'],
  },
];

async function main() {
  // Compiled VS Code suites of renamed or deleted test files must not linger and run again.
  fs.rmSync('out/test/vscode', { recursive: true, force: true });
  const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
  if (watch) {
    await Promise.all(contexts.map((context) => context.watch()));
    return;
  }
  try {
    await Promise.all(contexts.map((context) => context.rebuild()));
  } finally {
    await Promise.all(contexts.map((context) => context.dispose()));
  }
  fs.chmodSync('dist/cli.js', 0o755);
  fs.chmodSync('dist/debugAdapter.js', 0o755);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
