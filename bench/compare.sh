#!/usr/bin/env bash
# Runs the machine-limit and JVM-peer measurements, then `jray microbenchmark`, and prints one table: workload,
# jray, peer, limit, jray/peer, jray/limit. Both print `<name> per second <v> +- <sd>` lines; only figures of this
# one run are compared (these machines are noisy). The measurements are ../shared/peers/run-all.sh when there is
# one (or $JRAY_PEERS_DIR/run-all.sh), else this checkout's bench/peers/run-all.sh, which is given the same
# --warmup and --duration and, with --filter, only the peers and limits of the workloads that run. Arguments go to
# `jray microbenchmark` (e.g. --filter=tasks --duration=4).
#
#   bench/compare.sh
#   bench/compare.sh --filter=tasks_sync --duration=2
#   bench/compare.sh --address=127.0.0.1:6379 --filter=actor
#   bench/compare.sh --tls      # adds the rows of TLS_ROWS measured again on a local cluster with mutual TLS on
set -euo pipefail
root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jray="${JRAY:-$root/jray}" # the checkout's jray (builds when stale), or another one

# Which peer and which limit each workload is held against (issue 9's goals); '-' for none. jray's async tasks and
# actor calls go to their worker over one gRPC stream each, so the stream's message rate bounds them; calls from
# several submitters at once (multi_client_*) are bounded by no single client's limit.
pairs="
single_client_get_calls           hazelcast_map_get        -
single_client_put_calls           hazelcast_map_put        -
single_client_tasks_sync          hazelcast_tasks_sync     limit_grpc_unary_sync
single_client_tasks_async         hazelcast_tasks_async    limit_grpc_streaming
multi_client_tasks_async          hazelcast_tasks_async    -
1_1_actor_calls_sync              hazelcast_tasks_sync     limit_grpc_unary_sync
1_1_actor_calls_async             hazelcast_tasks_async    limit_grpc_streaming
1_1_actor_calls_concurrent        hazelcast_tasks_async    limit_grpc_streaming
single_client_put_gigabytes       hazelcast_put_gigabytes  limit_java_arraycopy
"

peers="$root/bench/peers/run-all.sh"
own_peers=1
for candidate in "${JRAY_PEERS_DIR:-}" "$root/../shared/peers"; do
  if [ -n "$candidate" ] && [ -x "$candidate/run-all.sh" ]; then
    peers="$candidate/run-all.sh"
    own_peers=0
    break
  fi
done

# The workloads measured again with TLS (--tls), each held against its own plaintext figure of this run.
TLS_ROWS="single_client_tasks_sync single_client_tasks_async 1_1_actor_calls_async"
for row in $TLS_ROWS; do
  pairs+="${row}_tls jray:${row} -"$'\n'
done

# What our run-all.sh is given: jray's --warmup and --duration, and the peers and limits the filtered workloads need.
peer_args=()
filter=""
tls=0
args=()
tls_args=() # the TLS run starts a local cluster of its own and picks its rows: no --address, no --filter
for arg in "$@"; do
  case "$arg" in
    --tls) tls=1 ;;
    *) args+=("$arg") ;;
  esac
done
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    --address=* | --filter=*) ;;
    --address | --filter) i=$((i + 1)) ;;
    *) tls_args+=("${args[i]}") ;;
  esac
done
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    --warmup=* | --duration=*) peer_args+=("${args[i]}") ;;
    --warmup | --duration) peer_args+=("${args[i]}=${args[i + 1]:-}") ;;
    --filter=*) filter="${args[i]#--filter=}" ;;
    --filter) filter="${args[i + 1]:-}" ;;
  esac
done
run_peers=1
if [ -n "$filter" ]; then
  needed=()
  IFS=',' read -r -a filter_parts <<<"${filter,,}"
  while read -r workload peer limit; do
    matched=0
    for part in "${filter_parts[@]}"; do
      if [ -n "$part" ] && [[ "${workload,,}" == *"$part"* ]]; then matched=1; fi
    done
    if [ -n "$workload" ] && [ "$matched" = 1 ]; then
      for name in "$peer" "$limit"; do
        if [ "$name" != "-" ] && [[ "$name" != jray:* ]] && [[ " ${needed[*]:-} " != *" $name "* ]]; then
          needed+=("$name")
        fi
      done
    fi
  done <<<"$pairs"
  if [ ${#needed[@]} -gt 0 ]; then
    peer_args+=("${needed[@]}")
  else
    run_peers=0
  fi
fi

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT

status=0
: >"$results/peers.txt"
if [ "$run_peers" = 0 ]; then
  echo "No workload matching '$filter' has a peer or a limit to compare with." >&2
elif [ "$own_peers" = 1 ]; then
  echo "Measuring the machine's limits and the JVM peer with $peers ${peer_args[*]:-} ..." >&2
  "$peers" "${peer_args[@]}" | tee "$results/peers.txt" >&2 || status=$?
else
  echo "Measuring the machine's limits and the JVM peer with $peers ..." >&2
  "$peers" | tee "$results/peers.txt" >&2 || status=$?
fi

echo "Running jray microbenchmark ${args[*]:-} ..." >&2
"$jray" microbenchmark "${args[@]}" >"$results/jray.txt" || status=$?

: >"$results/jray_tls.txt"
if [ "$tls" = 1 ]; then
  "$jray" tls init --out="$results/tls" >/dev/null
  echo "Running jray microbenchmark with mutual TLS on (JRAY_USE_TLS=1): $TLS_ROWS ..." >&2
  JRAY_USE_TLS=1 JRAY_TLS_SERVER_CERT="$results/tls/server.crt" JRAY_TLS_SERVER_KEY="$results/tls/server.key" \
    JRAY_TLS_CA_CERT="$results/tls/ca.crt" \
    "$jray" microbenchmark "${tls_args[@]}" --filter="${TLS_ROWS// /,}" \
    | sed -E 's/^([^ ]+) per second/\1_tls per second/' >"$results/jray_tls.txt" || status=$?
fi

awk -v pairs="$pairs" '
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
    if (FILENAME ~ /peers.txt$/) { other[$1] = $4 } else { order[++count] = $1; jray[$1] = $4; other["jray:" $1] = $4 }
  }
  END {
    printf "%-46s %12s %12s %12s %10s %11s\n", "workload", "jray", "peer", "limit", "jray/peer", "jray/limit"
    for (i = 1; i <= count; i++) {
      w = order[i]
      p = (w in peer_of && peer_of[w] in other) ? other[peer_of[w]] : ""
      l = (w in limit_of && limit_of[w] in other) ? other[limit_of[w]] : ""
      printf "%-46s %12s %12s %12s %10s %11s\n", w, fmt(jray[w]), fmt(p), fmt(l), ratio(jray[w], p), ratio(jray[w], l)
    }
  }
 ' "$results/peers.txt" "$results/jray.txt" "$results/jray_tls.txt"
exit "$status"
