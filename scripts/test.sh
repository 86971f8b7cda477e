#!/usr/bin/env bash
# `npm test`: installs what the tests need (Node 22, code-server, Chromium; idempotent), builds,
# checks types, lint and format, then runs every mocha tier under Node 22: the plain-Node unit
# tests, the debug-protocol tests (the session in process, and dist/debugAdapter.js over stdio),
# the live tests against a real Kafka (java 17+ and, the first time, mvn), and the suite inside a
# real VS Code (with screenshots). Ends with mocha's summary.
set -euo pipefail
cd "$(dirname "$0")/.."

node_bin="$(bash scripts/ensureNode22.sh | tail -n 1)"
export PATH="$node_bin:$PATH"
echo "Node for the tests: $(node --version) ($node_bin)"
bash scripts/setupVscodeHarness.sh
# An old Node (18) for the test that the CLI refuses it with one line.
bash scripts/ensureOldNode.sh >/dev/null

echo '== build'
node esbuild.js
echo '== types'
node node_modules/typescript/bin/tsc --noEmit -p .
echo '== lint'
node node_modules/eslint/bin/eslint.js src test scripts esbuild.js
echo '== format'
node node_modules/prettier/bin/prettier.cjs --check . >/dev/null || {
  node node_modules/prettier/bin/prettier.cjs --list-different .
  echo 'format: run npm run format' >&2
  exit 1
}
echo '== tests (unit, debug protocol, live Kafka, then VS Code)'
node node_modules/mocha/bin/mocha.js 'test/unit/**/*.test.ts' 'test/debugProtocol/**/*.test.ts' 'test/live/**/*.test.ts' \
  test/vscodeSuite.test.ts
