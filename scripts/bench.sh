#!/usr/bin/env bash
# `npm run bench`: runs the benchmarks under Node 22 and prints their figures.
set -euo pipefail
cd "$(dirname "$0")/.."
node_bin="$(bash scripts/ensureNode22.sh | tail -n 1)"
export PATH="$node_bin:$PATH"
node --expose-gc --max-old-space-size=8192 --require tsx/cjs --require ./test/support/yamlTextHook.cjs test/bench/traceBench.ts
# describe against a real Kafka (starts its own broker; needs java 17+, and mvn the first time),
# timing the bundles as shipped (production build), then restoring the development build
node esbuild.js --production
status=0
node --require tsx/cjs --require ./test/support/yamlTextHook.cjs test/bench/describeBench.ts || status=$?
node esbuild.js
exit "$status"
