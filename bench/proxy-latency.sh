#!/usr/bin/env bash
# Round-trip latency and throughput through the JSON-RPC guard, side by side with the same
# server started directly, in one run (alternating rounds). Not part of CI.
#
#   bash bench/proxy-latency.sh            # all scenarios
#   PIN=0 bash bench/proxy-latency.sh      # do not pin to one CPU
#
# The guard side is `guard_relay` (crates/warden-proxy/examples): the same relay as
# `mcp-warden run`, without the sandbox, so the figures measure the guard alone.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}
cargo build --release -q -p warden-proxy --examples
E=$CARGO_TARGET_DIR/release/examples
PIN=${PIN:-1}
run() { if [ "$PIN" = 1 ]; then taskset -c 0 "$@"; else "$@"; fi; }
rtt() { run "$E/rtt" --guard "$E/guard_relay" "$@"; }

echo "| server (mode, n) | p50 µs direct / guard | p99 µs direct / guard | added p50 | mean µs direct / guard | throughput direct / guard |"
echo "|---|---|---|---|---|---|"
rtt --mode notify --n 10000 --rounds 5 --label cat -- cat
rtt --mode call --n 10000 --rounds 5 --init --label "echo_server (Rust)" -- "$E/echo_server"
rtt --mode big --big-bytes 1048576 --n 300 --warmup 20 --rounds 3 --init --label "echo_server 1 MiB results" -- "$E/echo_server"
rtt --mode big --big-bytes 16777216 --n 20 --warmup 2 --rounds 3 --init --label "echo_server 16 MiB results" -- "$E/echo_server"
EV=test-deps/npm/node_modules/@modelcontextprotocol/server-everything/dist/index.js
if [ -f "$EV" ]; then
  rtt --mode ping --n 3000 --warmup 300 --rounds 5 --init --label "server-everything" -- node "$EV" stdio
  rtt --mode call --n 3000 --warmup 300 --rounds 5 --init --label "server-everything echo" -- node "$EV" stdio
else
  echo "(server-everything not installed: bash scripts/test-deps/30-proxy.sh)" >&2
fi
FS=test-deps/npm/node_modules/@modelcontextprotocol/server-filesystem/dist/index.js
if [ -f "$FS" ]; then
  dir=$(mktemp -d)
  head -c 2000 /usr/share/common-licenses/Apache-2.0 > "$dir/file.txt" 2>/dev/null || printf 'hello\n%.0s' $(seq 200) > "$dir/file.txt"
  rtt --mode call --params "{\"name\":\"read_text_file\",\"arguments\":{\"path\":\"$dir/file.txt\"}}" \
    --n 2000 --warmup 200 --rounds 5 --init --label "server-filesystem read_text_file" -- node "$FS" "$dir"
  rm -rf "$dir"
fi
