#!/usr/bin/env bash
# Runs the machine-limit and JVM-peer measurements (../shared/peers/run-all.sh), then `jray microbenchmark`, and
# prints one table: workload, jray, peer, limit, jray/peer, jray/limit. Both print `<name> per second <v> +- <sd>`
# lines; only figures of this one run are compared (these machines are noisy). Without the peers script it says so
# and prints jray's figures alone. Arguments go to `jray microbenchmark` (e.g. --filter=tasks --duration=4).
#
#   bench/compare.sh
#   bench/compare.sh --address=127.0.0.1:6379 --filter=actor
set -euo pipefail
root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jray="${JRAY:-$root/jray}" # the checkout's jray (builds when stale), or another one

# Which peer and which limit each workload is held against (issue 9's goals). The peers' names the issue does not
# spell out are this script's guesses: fix them here when run-all.sh names them otherwise.
pairs="
single_client_tasks_sync          hazelcast_tasks_sync     limit_grpc_unary_sync
single_client_tasks_async         hazelcast_tasks_async    limit_grpc_unary_async
multi_client_tasks_async          hazelcast_tasks_async    limit_grpc_unary_async
1_1_actor_calls_sync              hazelcast_tasks_sync     limit_grpc_unary_sync
1_1_actor_calls_async             hazelcast_tasks_async    limit_grpc_streaming
1_1_actor_calls_concurrent        hazelcast_tasks_async    limit_grpc_streaming
single_client_put_calls           hazelcast_map_put        -
single_client_get_calls           hazelcast_map_get        -
single_client_put_gigabytes       hazelcast_put_gigabytes  limit_java_arraycopy
"

peers=""
for candidate in "${JRAY_PEERS_DIR:-}" "$root/../shared/peers" /work/shared/peers; do
  if [ -n "$candidate" ] && [ -x "$candidate/run-all.sh" ]; then
    peers="$candidate/run-all.sh"
    break
  fi
done

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT

if [ -n "$peers" ]; then
  echo "Measuring the machine's limits and the JVM peer with $peers ..." >&2
  "$peers" >"$results/peers.txt"
else
  echo "No peers script: neither \$JRAY_PEERS_DIR, $root/../shared/peers nor /work/shared/peers has run-all.sh;" \
    "printing jray's figures alone." >&2
  : >"$results/peers.txt"
fi

echo "Running jray microbenchmark $* ..." >&2
status=0
"$jray" microbenchmark "$@" >"$results/jray.txt" || status=$?

awk -v pairs="$pairs" -v with_peers="$([ -n "$peers" ] && echo 1 || echo 0)" '
  function fmt(x) { return x == "" ? "-" : sprintf(x >= 100 ? "%.0f" : "%.3g", x) }
  function ratio(a, b) { return (a == "" || b == "" || b + 0 == 0) ? "-" : sprintf("%.2f", a / b) }
  BEGIN {
    n = split(pairs, lines, "\n")
    for (i = 1; i <= n; i++) {
      if (split(lines[i], f, " ") == 3) { peer_of[f[1]] = f[2]; limit_of[f[1]] = f[3] }
    }
  }
  # "<name> per second <mean> +- <stddev>", from either file
  $2 == "per" && $3 == "second" && $5 == "+-" {
    if (FILENAME ~ /peers.txt$/) { other[$1] = $4 } else { order[++count] = $1; jray[$1] = $4 }
  }
  END {
    if (with_peers) {
      printf "%-46s %12s %12s %12s %10s %11s\n", "workload", "jray", "peer", "limit", "jray/peer", "jray/limit"
    } else {
      printf "%-46s %12s\n", "workload", "jray"
    }
    for (i = 1; i <= count; i++) {
      w = order[i]
      if (!with_peers) { printf "%-46s %12s\n", w, fmt(jray[w]); continue }
      p = (w in peer_of && peer_of[w] in other) ? other[peer_of[w]] : ""
      l = (w in limit_of && limit_of[w] in other) ? other[limit_of[w]] : ""
      printf "%-46s %12s %12s %12s %10s %11s\n", w, fmt(jray[w]), fmt(p), fmt(l), ratio(jray[w], p), ratio(jray[w], l)
    }
  }
' "$results/peers.txt" "$results/jray.txt"
exit "$status"
