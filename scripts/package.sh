#!/usr/bin/env bash
# `npm run package`: a production build and a .vsix (with @vscode/vsce, under Node 22).
set -euo pipefail
cd "$(dirname "$0")/.."
node_bin="$(bash scripts/ensureNode22.sh | tail -n 1)"
export PATH="$node_bin:$PATH"
node esbuild.js --production
node node_modules/@vscode/vsce/vsce package --no-dependencies --allow-missing-repository --no-rewrite-relative-links --out kafka-offset-trace.vsix
