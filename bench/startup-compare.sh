#!/usr/bin/env bash
# A driver's start against a running 2-CPU head, jray beside Ray in the same run (issue 18's rows): each of
# driver_init, driver_first_task and ten_200ms_tasks is timed inside a fresh driver process from the call, over
# RUNS processes per side, and printed as `<side> <row> median <ms> ms (min..max) over <n> JVMs`;
# job_submit_to_first_result is from running `jray submit` (`ray job submit`) to the job's first task result;
# jray_archive rows are jray's with `$(jray classpath --jvm-flags)` (the drivers' class-data archive). Ray's side runs
# when RAY_VENV (default bench/target/ray-venv) holds ray==2.58.0:
#   python3 -m venv bench/target/ray-venv && bench/target/ray-venv/bin/pip install ray==2.58.0 numpy grpcio
#
#   bench/startup-compare.sh [runs]
set -euo pipefail
root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jray="${JRAY:-$root/jray}"
runs="${1:-10}"
venv="${RAY_VENV:-$root/bench/target/ray-venv}"
work="$(mktemp -d "${TMPDIR:-/tmp}/jray-startup-XXXXXX")"
# job_submit_to_first_result over RUNS jobs: the command is run RUNS times; each prints first_result_epoch_ms.
submit_rows() {
  local side="$1"
  shift
  local times=()
  for ((i = 0; i < runs; i++)); do
    local start out at
    start="$(date +%s%3N)"
    out="$("$@" 2>&1)" || { echo "$side job_submit_to_first_result: the job failed: $(printf '%s\n' "$out" | tail -1)"; return 0; }
    at="$(printf '%s\n' "$out" | sed -n 's/.*first_result_epoch_ms \([0-9]*\).*/\1/p' | head -1)"
    [ -n "$at" ] || { echo "$side job_submit_to_first_result: no result line:"; echo "$out"; return 0; }
    times+=($((at - start)))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v side="$side" '{ v[NR] = $1 } END {
    m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%s job_submit_to_first_result median %.1f ms (%.1f..%.1f) over %d jobs\n", side, m, v[1], v[NR], NR }'
}
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
jray_started=0
ray_started=0
cleanup() {
  [ "$jray_started" = 1 ] && "$jray" stop --temp-dir="$work/jray" >/dev/null 2>&1 || true
  [ "$ray_started" = 1 ] && RAY_TMPDIR="$work/ray" "$venv/bin/ray" stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

"$jray" classpath >/dev/null # builds a stale checkout first, outside the timings
# The checkout's ./jray rebuilds whenever a source is newer than its build: timed commands use the built one, so an
# edit made during the run cannot put a build inside a figure.
[ "$jray" = "$root/jray" ] && jray="$root/dist/target/jray/bin/jray"
bench_jar="$(ls "$root"/dist/target/jray/lib/jray-bench-*.jar 2>/dev/null || ls "$root"/bench/target/jray-bench-*.jar)"
port="$(free_port)"
"$jray" start --head --num-cpus=2 --node-ip-address=127.0.0.1 --port="$port" --dashboard-port="$(free_port)" \
  --temp-dir="$work/jray" >/dev/null
jray_started=1
# One driver first, outside the timings: its worker's classes make the workers' and the drivers' class-data archives
# (the raylet dumps them in the background once that worker served), which must not run during the timed drivers.
java -cp "$("$jray" classpath):$bench_jar" io.jray.bench.ClusterDriverProbe "127.0.0.1:$port" >/dev/null
for ((i = 0; i < 180; i++)); do
  flags="$("$jray" classpath --jvm-flags)"
  case "$flags" in *SharedArchiveFile*) break ;; esac
  sleep 1
done
sleep 5 # the last warm workers boot
java -cp "$("$jray" classpath):$bench_jar" io.jray.bench.StartupBench "$runs" "127.0.0.1:$port" | sed 's/^/jray /'
# The same rows with the drivers' class-data archive ('jray classpath --jvm-flags' names it once made).
case "$flags" in
  *SharedArchiveFile*)
    # shellcheck disable=SC2086 # the flags are words, as in README's $(jray classpath --jvm-flags)
    java -cp "$("$jray" classpath):$bench_jar" io.jray.bench.StartupBench "$runs" "127.0.0.1:$port" \
      java $flags -cp "$("$jray" classpath):$bench_jar" io.jray.bench.ClusterDriverProbe "127.0.0.1:$port" \
      | sed 's/^/jray_archive /' ;;
  *) echo "jray_archive: no drivers' class-data archive was made within 180 s" ;;
esac
submit_rows jray "$jray" submit --address="127.0.0.1:$port" --temp-dir="$work/jray" \
  --main-class=io.jray.bench.SubmitProbe "$bench_jar"
"$jray" stop --temp-dir="$work/jray" >/dev/null
jray_started=0

if [ -x "$venv/bin/ray" ]; then
  rport="$(free_port)"
  mkdir -p "$work/ray"
  dport="$(free_port)"
  RAY_TMPDIR="$work/ray" "$venv/bin/ray" start --head --num-cpus=2 --node-ip-address=127.0.0.1 --port="$rport" \
    --dashboard-host=127.0.0.1 --dashboard-port="$dport" --disable-usage-stats --temp-dir="$work/ray" >/dev/null 2>&1
  ray_started=1
  java -cp "$("$jray" classpath):$bench_jar" io.jray.bench.StartupBench "$runs" "127.0.0.1:$rport" \
    "$venv/bin/python" "$root/bench/ray/startup_probe.py" "127.0.0.1:$rport" | sed 's/^/ray /'
  submit_rows ray "$venv/bin/ray" job submit --address="http://127.0.0.1:$dport" \
    --working-dir="$root/bench/ray" -- python submit_probe.py
else
  echo "ray: no venv at $venv (see this script's head); Ray's side skipped"
fi
