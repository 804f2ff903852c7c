#!/usr/bin/env bash
# The cost of lineage bookkeeping (issue 17's goal: at most 5%) on Ray's single_client_tasks_async: one local
# cluster, the workload run alternately with lineage recording on and off (jray.lineage_pinning_enabled, read by
# the driver that owns the tasks), PAIRS times, so both sides see the same machine. Prints every line and the
# mean of each side. Arguments go to `jray microbenchmark` (default: --duration=2 --warmup=10).
#
#   bench/lineage-overhead.sh
#   PAIRS=5 bench/lineage-overhead.sh --duration=10
set -euo pipefail
root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jray="${JRAY:-$root/jray}"
pairs="${PAIRS:-3}"
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(--duration=2 --warmup=10)
dir="$(mktemp -d)"
port=$((20000 + RANDOM % 10000))
"$jray" start --head --port="$port" --temp-dir="$dir/head" --node-ip-address=127.0.0.1 --num-cpus=2 >/dev/null
trap '"$jray" stop --temp-dir="$dir/head" --force >/dev/null; rm -rf "$dir"' EXIT
for i in $(seq "$pairs"); do
  for on in true false; do
    line=$(JRAY_LINEAGE_PINNING_ENABLED=$on "$jray" microbenchmark --address="127.0.0.1:$port" \
      --filter=single_client_tasks_async "${args[@]}" | grep 'per second')
    echo "lineage=$on $line"
  done
done | tee "$dir/lines"
awk '{ split($1, k, "="); sum[k[2]] += $5; n[k[2]]++ }
  END { on = sum["true"] / n["true"]; off = sum["false"] / n["false"];
        printf "mean: lineage on %.0f/s, off %.0f/s, overhead %.1f%%\n", on, off, 100 * (off - on) / off }' "$dir/lines"
