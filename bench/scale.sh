#!/usr/bin/env bash
# jray's scalability envelope (issue 23) on this machine, against a real head started here: simulated raylets
# (registered with the real GCS over the real protocol, answering its health checks, leases and bundles without
# worker JVMs) join in steps of 10, 100, 1,000 and 4,000 nodes; then one driver with 1,000,000 pending tasks, one
# with 1,000,000 owned objects, and 200 idle actors (fewer if they would pass half the available memory). Each figure
# is one line `name value`; lines starting with # are notes. A benchmark, not a test: nothing here passes or fails
# on a figure. Under 15 minutes here; --quick runs small sizes in under 2 (CI's smoke run).
#
#   bench/scale.sh [--quick]          (SCALE_PARTS="nodes" runs only the node part; any of nodes tasks objects actors)
set -euo pipefail
root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jray="${JRAY:-$root/jray}"
if [ "${1:-}" = "--quick" ]; then
  parts=(--sizes=10,100 --detect-at=100 --placed-actors=100 --placed-groups=100 --pending-tasks=20000
    --owned-objects=20000 --idle-actors=4)
elif [ -z "${1:-}" ]; then
  parts=(--sizes=${SCALE_SIZES:-10,100,1000,4000} --detect-at=1000 --placed-actors=1000 --placed-groups=1000 --pending-tasks=1000000
    --owned-objects=1000000 --idle-actors=200)
else
  echo "usage: bench/scale.sh [--quick]" >&2
  exit 2
fi
work="$(mktemp -d "${TMPDIR:-/tmp}/jray-scale-XXXXXX")"
started=0
cleanup() {
  status=$?
  if [ "$status" != 0 ] && [ -d "$work/jray" ]; then
    # What the GCS logged last, before its folder goes: a failed run says why.
    find "$work/jray" -name 'gcs.err' -o -name 'gcs.out' | while read -r log; do
      echo "# last lines of $log:"
      { grep -m 5 -E '(Error|Exception)(:|$)' "$log" || true; tail -5 "$log"; } | sed 's/^/#   /'
    done
  fi
  [ "$started" = 1 ] && "$jray" stop --temp-dir="$work/jray" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

classpath="$("$jray" classpath)" # builds a stale checkout first, outside the timings
# The checkout's ./jray rebuilds whenever a source is newer than its build: timed commands use the built one, so an
# edit made during the run cannot put a build inside a figure.
[ "$jray" = "$root/jray" ] && jray="$root/dist/target/jray/bin/jray"
lib="$(cd -P "$(dirname "$jray")" && pwd)/../lib"
bench_jar="$(ls "$lib"/jray-bench-*.jar 2>/dev/null || ls "$root"/dist/target/jray/lib/jray-bench-*.jar 2>/dev/null \
  || ls "$root"/bench/target/jray-bench-*.jar)"
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port="$(free_port)"
"$jray" start --head --num-cpus=0 --node-ip-address=127.0.0.1 --port="$port" --dashboard-port="$(free_port)" \
  --temp-dir="$work/jray" >/dev/null
started=1
gcs_pid="$(python3 - "$work/jray" <<'PY'
import glob, json, sys
for f in glob.glob(sys.argv[1] + "/**/node_*.json", recursive=True):
    for p in json.load(open(f))["processes"]:
        if p["kind"] == "GCS":
            print(p["pid"])
            sys.exit(0)
PY
)"
echo "# $(nproc) CPUs, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo); head at 127.0.0.1:$port, GCS pid $gcs_pid"
# SCALE_PARTS picks some of the parts (for a profile of one).
for part in ${SCALE_PARTS:-nodes tasks objects actors}; do
  java -cp "$classpath:$bench_jar" io.jray.bench.scale.ScaleBench "$part" --address="127.0.0.1:$port" \
    --gcs-pid="$gcs_pid" --jray="$jray" "${parts[@]}"
done
