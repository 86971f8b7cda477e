#!/usr/bin/env bash
# Idempotently installs what the real-VS Code test harness needs: Debian packages (libkrb5-dev, ripgrep,
# chromium), Node 22 (ensureNode22.sh) and code-server@4.103.2 into <repo>/.tools/code-server.
# Fast no-op when the marker file says everything is in place. Runs non-interactively (CI, root, no stdin).
set -euo pipefail

CODE_SERVER_VERSION="4.103.2"
RIPGREP_CACHE_DIR_NAME="vscode-ripgrep-cache-1.15.14"
RIPGREP_TARBALL="ripgrep-v13.0.0-13-x86_64-unknown-linux-musl.tar.gz"

repoRoot="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
toolsDir="$repoRoot/.tools"
codeServerPrefix="$toolsDir/code-server"
codeServerBin="$codeServerPrefix/node_modules/.bin/code-server"
marker="$codeServerPrefix/.kot-harness-ok"
markerContent="code-server@$CODE_SERVER_VERSION node22"

log() { echo "[setupVscodeHarness] $*" >&2; }

# --- 1. Debian packages -------------------------------------------------------------------------
# fonts-symbola: glyphs such as ⏮ ⏭ that DejaVu lacks (they would show as boxes in screenshots).
aptPackages=(libkrb5-dev ripgrep chromium fonts-dejavu-core fonts-symbola)
# Build tools for code-server's native modules (node-pty, kerberos); usually present already.
command -v make >/dev/null 2>&1 || aptPackages+=(make)
command -v g++ >/dev/null 2>&1 || aptPackages+=(g++)
command -v python3 >/dev/null 2>&1 || aptPackages+=(python3)

missingPackages=()
for pkg in "${aptPackages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missingPackages+=("$pkg")
  fi
done

if [ "${#missingPackages[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then aptGet=(sudo -n apt-get); else
      log "ERROR: missing Debian packages (${missingPackages[*]}) and not root; install them and rerun"
      exit 1
    fi
  else
    aptGet=(apt-get)
  fi
  export DEBIAN_FRONTEND=noninteractive
  log "installing Debian packages: ${missingPackages[*]}"
  # Try with the current package lists first; refresh them only if that fails (empty or stale lists).
  if ! "${aptGet[@]}" install -y -q --no-install-recommends "${missingPackages[@]}" </dev/null >&2; then
    log "apt-get install failed; running apt-get update and retrying"
    "${aptGet[@]}" update -q </dev/null >&2
    "${aptGet[@]}" install -y -q --no-install-recommends "${missingPackages[@]}" </dev/null >&2
  fi
fi

# --- 2. Node 22 -------------------------------------------------------------------------------
node22Bin="$("$repoRoot/scripts/ensureNode22.sh" | tail -n 1)"

# --- Fast path ----------------------------------------------------------------------------------
if [ -f "$marker" ] && [ "$(cat "$marker")" = "$markerContent" ] && [ -x "$codeServerBin" ]; then
  exit 0
fi

# --- 3. ripgrep cache tarball (so @vscode/ripgrep's postinstall does not download) -----------------
tmpDir="$("$node22Bin/node" -e 'process.stdout.write(require("os").tmpdir())')"
rgCacheDir="$tmpDir/$RIPGREP_CACHE_DIR_NAME"
if [ ! -s "$rgCacheDir/$RIPGREP_TARBALL" ]; then
  rgPath="$(command -v rg)"
  log "creating ripgrep cache tarball from $rgPath in $rgCacheDir"
  mkdir -p "$rgCacheDir"
  stageDir="$(mktemp -d)"
  cp "$rgPath" "$stageDir/rg"
  tar -czf "$rgCacheDir/$RIPGREP_TARBALL.tmp" -C "$stageDir" rg
  mv "$rgCacheDir/$RIPGREP_TARBALL.tmp" "$rgCacheDir/$RIPGREP_TARBALL"
  rm -rf "$stageDir"
fi

# --- 4. code-server -----------------------------------------------------------------------------
log "installing code-server@$CODE_SERVER_VERSION into $codeServerPrefix (takes a minute or two)"
rm -f "$marker"
mkdir -p "$codeServerPrefix"
[ -f "$codeServerPrefix/package.json" ] || echo '{"name":"kot-code-server","private":true}' >"$codeServerPrefix/package.json"
nodeDir="$(dirname "$node22Bin")"
# Under `npm test` the outer npm (Node 20) exports npm_config_* variables, among them a user agent
# saying node/v20, which code-server's postinstall reads as the Node version: drop them all.
while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep -i '^npm_' || true)
PATH="$node22Bin:$PATH" \
  npm_config_nodedir="$nodeDir" \
  npm_config_yes=true \
  npm_config_unsafe_perm=true \
  npm install --prefix "$codeServerPrefix" --no-audit --no-fund --loglevel=error \
  "code-server@$CODE_SERVER_VERSION" </dev/null >&2

if [ ! -x "$codeServerBin" ]; then
  log "ERROR: $codeServerBin missing after install"
  exit 1
fi
# code-server prints an i18next banner before the version line, so look for the line itself.
versionOut="$(PATH="$node22Bin:$PATH" "$codeServerBin" --version 2>/dev/null | grep -E '^[0-9]+\.[0-9]+\.[0-9]+ ' | head -n 1 || true)"
case "$versionOut" in
  "$CODE_SERVER_VERSION"*) ;;
  *) log "ERROR: code-server --version printed '$versionOut', expected $CODE_SERVER_VERSION"; exit 1 ;;
esac
echo "$markerContent" >"$marker"
log "ready: $codeServerBin ($versionOut)"
