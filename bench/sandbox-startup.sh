#!/usr/bin/env bash
# Start-up cost of the sandbox, side by side in one run:
#   bare `true`
#   `mcp-warden run --no-guard -- true`   the sandbox alone
#   `mcp-warden run -- true`              the sandbox and the JSON-RPC guard (the default)
#   `bwrap ... true`                      bubblewrap, if installed
# The analysis gate is on in both mcp-warden variants (as by default).
# Each variant is started N times in a row (default 200), interleaved in rounds so that machine
# noise hits all of them alike; the script prints the mean and median per start and the cost
# added over bare `true`.
#
# Usage: bench/sandbox-startup.sh [N]     (builds mcp-warden in release mode first)
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-200}"
rounds=5
per=$(( (n + rounds - 1) / rounds ))

cargo build --release --quiet -p mcp-warden
target="${CARGO_TARGET_DIR:-target}"
warden="$target/release/mcp-warden"
truebin="$(type -P true)"

variants=("bare" "sandbox" "sandbox+guard")
declare -A cmd
cmd[bare]="$truebin"
cmd[sandbox]="$warden run --no-guard -- $truebin"
cmd[sandbox+guard]="$warden run -- $truebin"
if command -v bwrap >/dev/null 2>&1; then
  variants+=("bwrap")
  # A comparable bubblewrap sandbox: new user/pid/net/ipc/uts namespaces, read-only system,
  # private /tmp and /proc, seccomp not included (bwrap needs a precompiled filter).
  cmd[bwrap]="bwrap --unshare-all --die-with-parent --new-session --ro-bind /usr /usr \
--symlink usr/bin /bin --symlink usr/lib /lib --symlink usr/lib64 /lib64 --proc /proc \
--dev /dev --tmpfs /tmp --clearenv $truebin"
fi

declare -A samples
for v in "${variants[@]}"; do samples[$v]=""; done

# Timestamps from bash's EPOCHREALTIME (bash 5), so timing starts no process of its own.
run_batch() { # variant count -> per-start times in microseconds, one per line
  local c="${cmd[$1]}" k t0 t1
  for ((k = 0; k < $2; k++)); do
    t0="${EPOCHREALTIME/[.,]/}"
    $c >/dev/null 2>&1 </dev/null
    t1="${EPOCHREALTIME/[.,]/}"
    echo $(( t1 - t0 ))
  done
}

# Warm up caches.
for v in "${variants[@]}"; do run_batch "$v" 5 >/dev/null; done
for ((r = 0; r < rounds; r++)); do
  for v in "${variants[@]}"; do
    samples[$v]+="$(run_batch "$v" "$per")"$'\n'
  done
done

stats() { # -> "mean median"
  sort -n | awk '{a[NR]=$1; s+=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.0f %.0f\n", s/NR, m}'
}

printf '%-14s %10s %12s %14s %10s\n' variant "mean(us)" "median(us)" "added(median)" ratio
read -r bare_mean bare_med < <(printf '%s' "${samples[bare]}" | grep . | stats)
for v in "${variants[@]}"; do
  read -r mean med < <(printf '%s' "${samples[$v]}" | grep . | stats)
  added=$(( med - bare_med ))
  ratio=$(awk -v a="$med" -v b="$bare_med" 'BEGIN {printf "%.1fx", a/b}')
  printf '%-14s %10s %12s %14s %10s\n' "$v" "$mean" "$med" "${added}us" "$ratio"
done
echo "($((per * rounds)) starts per variant, $rounds interleaved rounds; kernel $(uname -r), $(nproc) CPUs)"
