#!/usr/bin/env bash
# Speed of `mcp-warden check` and `mcp-warden scan`, measured side by side with a baseline in
# the same run, so the figure is a ratio that does not depend on the machine.
#
#   1. check: a generated config of $SERVERS servers (default 10,000), `--format json`, against
#      `python3 -c 'import json; json.load(open(FILE))'` (parsing the same file and nothing else).
#   2. scan: a home in which every supported client has its config (the inventory test
#      fixtures), `--format json`, against Python reading every file of that home and parsing
#      the JSON ones.
#
# Uses hyperfine when installed (`apt-get install -y hyperfine`), else a loop timed with
# `date +%s%N` (also with NO_HYPERFINE=1). Run by hand from anywhere in the repository:
#
#   bash bench/check-vs-python.sh            # 10,000 servers
#   SERVERS=50000 RUNS=10 bash bench/check-vs-python.sh
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
SERVERS=${SERVERS:-10000}
RUNS=${RUNS:-20}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
BIN=$TARGET/release/mcp-warden
FIXTURES=$ROOT/crates/warden-inventory/tests/fixtures

echo "building the release binary ..." >&2
cargo build --release --locked -p mcp-warden >&2

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
CONFIG=$WORK/mcp-$SERVERS.json
python3 bench/gen_config.py "$SERVERS" "$CONFIG"
echo "config: $SERVERS servers, $(wc -c <"$CONFIG") bytes" >&2

# The interpreter itself, not a version-manager shim in front of it (pyenv's costs ~100 ms).
PY=$(python3 -c 'import sys; print(sys.executable)')
PY_PARSE="$PY -c 'import json; json.load(open(\"$CONFIG\"))'"
WARDEN_CHECK="$BIN check $CONFIG --format json --fail-on never --output $WORK/check.json"

# Reading every file of the fixture home, parsing the JSON ones: the floor of any scanner.
cat >"$WORK/read_home.py" <<'EOF'
import json, os, sys
for root, dirs, files in os.walk(sys.argv[1]):
    for name in files:
        path = os.path.join(root, name)
        with open(path, "rb") as f:
            data = f.read()
        if name.endswith(".json"):
            try:
                json.loads(data)
            except ValueError:
                pass
EOF
HOME_DIR=$FIXTURES/linux-home
PY_HOME="$PY $WORK/read_home.py $HOME_DIR"
WARDEN_SCAN="env HOME=$HOME_DIR XDG_CONFIG_HOME=$HOME_DIR/.config APPDATA=$HOME_DIR/AppData/Roaming \
$BIN scan --format json --fail-on never --output $WORK/scan.json"

if [ ! -d "$HOME_DIR" ]; then
    echo "no fixture home at $HOME_DIR; skipping the scan benchmark" >&2
    WARDEN_SCAN=""
fi

# Sanity: both commands work and the report holds every server.
eval "$WARDEN_CHECK"
python3 - "$WORK/check.json" "$SERVERS" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["summary"]["servers"] == int(sys.argv[2]), r["summary"]
print("check report: %(servers)d servers, %(findings)d findings (%(critical)d critical, %(high)d high)" % r["summary"], file=sys.stderr)
EOF
if [ -n "$WARDEN_SCAN" ]; then
    eval "$WARDEN_SCAN"
    python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["summary"]; print("scan report: %d files, %d servers, %d findings" % (s["files"], s["servers"], s["findings"]), file=sys.stderr)' "$WORK/scan.json"
fi

# mean seconds of each command, printed as "name mean"
measure() { # name1 cmd1 name2 cmd2
    if [ -z "${NO_HYPERFINE:-}" ] && command -v hyperfine >/dev/null; then
        hyperfine --style basic --warmup 3 --runs "$RUNS" \
            --export-json "$WORK/h.json" -n "$1" "$2" -n "$3" "$4" >&2
        python3 -c 'import json,sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(r["command"], r["median"], r["user"] + r["system"])' "$WORK/h.json"
    else
        local t1=() t2=()
        for _ in $(seq 3); do eval "$2" >/dev/null; eval "$4" >/dev/null; done
        for _ in $(seq "$RUNS"); do
            local a b c
            a=$(date +%s%N); eval "$2" >/dev/null; b=$(date +%s%N); eval "$4" >/dev/null; c=$(date +%s%N)
            t1+=($((b - a))); t2+=($((c - b)))
        done
        python3 -c 'import statistics,sys
n=int(sys.argv[1]); v=list(map(int,sys.argv[4:]))
print(sys.argv[2], statistics.median(v[:n])/1e9, "-"); print(sys.argv[3], statistics.median(v[n:])/1e9, "-")' \
            "$RUNS" "$1" "$3" "${t1[@]}" "${t2[@]}"
    fi
}

report() { # results-file label
    python3 - "$1" "$2" <<'EOF'
import sys
rows = [l.split(" ") for l in open(sys.argv[1]).read().split("\n") if l.strip()]
(a, ta, ca), (b, tb, cb) = rows
ta, tb = float(ta), float(tb)
line = f"{sys.argv[2]}: {a} {ta*1000:.1f} ms, {b} {tb*1000:.1f} ms (median wall), ratio {ta/tb:.2f}x"
if ca != "-":
    ca, cb = float(ca), float(cb)
    line += f"; CPU (user+sys, mean) {ca*1000:.1f} ms vs {cb*1000:.1f} ms, ratio {ca/cb:.2f}x"
print(line)
EOF
}

echo
measure "mcp-warden-check" "$WARDEN_CHECK" "python-json-load" "$PY_PARSE" >"$WORK/r1"
if [ -n "$WARDEN_SCAN" ]; then
    measure "mcp-warden-scan" "$WARDEN_SCAN" "python-read-home" "$PY_HOME" >"$WORK/r2"
fi
echo
echo "== results ($RUNS runs each; ratio = mcp-warden / python; below 1 means mcp-warden is faster) =="
report "$WORK/r1" "check $SERVERS servers"
if [ -n "$WARDEN_SCAN" ]; then
    report "$WORK/r2" "scan of every client's config ($(find "$HOME_DIR" -type f | wc -l) files)"
fi
