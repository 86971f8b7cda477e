#!/usr/bin/env bash
# `npm run bench`: runs the benchmarks under Node 22 and prints their figures.
set -euo pipefail
cd "$(dirname "$0")/.."
node_bin="$(bash scripts/ensureNode22.sh | tail -n 1)"
export PATH="$node_bin:$PATH"
# the long-trace figures come from a bundle, built as esbuild builds the extension and the CLI: the same
# code run through tsx took 1.4x as long (farm-bench, reading a 459 MB trace file)
node_modules/.bin/esbuild test/bench/traceBench.ts --bundle --platform=node --loader:.yaml=text \
  --log-level=warning --outfile=out/bench/traceBench.js
node --expose-gc --max-old-space-size=8192 out/bench/traceBench.js
# describe against a real Kafka (starts its own broker; needs java 17+, and mvn the first time),
# timing the bundles as shipped (production build), then restoring the development build
node esbuild.js --production
status=0
node --require tsx/cjs --require ./test/support/yamlTextHook.cjs test/bench/describeBench.ts || status=$?
node esbuild.js
exit "$status"
