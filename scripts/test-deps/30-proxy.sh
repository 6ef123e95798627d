#!/usr/bin/env bash
# Real MCP servers for the guard's end-to-end tests (crates/warden-proxy/tests, crates/mcp-warden/tests/guard_*).
# Installs into test-deps/npm at the top of the repository; idempotent (npm skips what is present).
set -euo pipefail
cd "$(dirname "$0")/../.."
prefix=test-deps/npm
pkgs=(
  "@modelcontextprotocol/server-filesystem@2026.8.31"
  "@modelcontextprotocol/server-everything@2026.8.31"
)
need=0
for p in "${pkgs[@]}"; do
  name=${p%@*}
  [ -f "$prefix/node_modules/$name/package.json" ] || need=1
done
if [ "$need" = 1 ]; then
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error "${pkgs[@]}"
fi
for p in "${pkgs[@]}"; do
  name=${p%@*}
  test -f "$prefix/node_modules/$name/package.json" || { echo "30-proxy: $name missing" >&2; exit 1; }
done
