#!/usr/bin/env bash
# Installs what the end-to-end tests need (real MCP servers from npm and PyPI, runtimes),
# by running every scripts/test-deps/*.sh in order. Each one is idempotent and installs into
# test-deps/ at the top of the repository (ignored by git) or through the system's package
# manager.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-deps
for step in scripts/test-deps/*.sh; do
  [ -e "$step" ] || continue
  echo "install-test-deps: $step"
  bash "$step"
done
