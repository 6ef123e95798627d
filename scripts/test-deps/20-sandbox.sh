#!/usr/bin/env bash
# Real MCP servers for the sandbox end-to-end tests, installed into test-deps/ so the tests can
# start them without the network:
#   test-deps/npm       @modelcontextprotocol/server-filesystem, @modelcontextprotocol/server-everything
#   test-deps/uv        the uv/uvx binaries (from PyPI)
#   test-deps/uv-cache  a uv cache holding mcp-server-time, so `uvx --offline mcp-server-time` works
# Idempotent: a step whose result is present is skipped.
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p test-deps
deps="$PWD/test-deps"

if [ ! -e "$deps/npm/node_modules/@modelcontextprotocol/server-filesystem/package.json" ] ||
   [ ! -e "$deps/npm/node_modules/@modelcontextprotocol/server-everything/package.json" ]; then
  npm install --no-audit --no-fund --prefix "$deps/npm" \
    @modelcontextprotocol/server-filesystem @modelcontextprotocol/server-everything
fi

if [ ! -x "$deps/uv/bin/uvx" ]; then
  python3 -m pip install --quiet --disable-pip-version-check --target "$deps/uv" uv
fi

# The Python server runs on the system interpreter (no interpreter download needed).
py=/usr/bin/python3
[ -x "$py" ] || py="$(command -v python3)"
if ! UV_CACHE_DIR="$deps/uv-cache" UV_PYTHON="$py" UV_PYTHON_DOWNLOADS=never \
     "$deps/uv/bin/uvx" --offline mcp-server-time --help >/dev/null 2>&1; then
  UV_CACHE_DIR="$deps/uv-cache" UV_PYTHON="$py" UV_PYTHON_DOWNLOADS=never \
    "$deps/uv/bin/uvx" mcp-server-time --help >/dev/null
fi

# Optional: bubblewrap, for the side-by-side start-up benchmark (bench/sandbox-startup.sh).
if ! command -v bwrap >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  (apt-get install -y -qq bubblewrap >/dev/null 2>&1 || true)
fi
