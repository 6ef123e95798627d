#!/usr/bin/env bash
# Installs what the end-to-end tests need: real MCP servers from npm and PyPI, into
# tests-deps/ at the top of the repository (ignored by git). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "install-test-deps: nothing to install yet"
