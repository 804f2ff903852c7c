#!/usr/bin/env bash
# Measures this machine's limits (memory copy, /dev/shm mapping warm and cold, loopback TCP, gRPC unary sync and
# async and streaming between two JVMs, JVM start) and a JVM peer (Hazelcast: executor tasks sync and async, map
# put and get, 100 MiB values), each measure in a JVM of its own, as `jray microbenchmark` measures jray, and prints
# `<name> per second <mean> +- <stddev>` for each. Builds this module (with the modules it needs) first when it is
# missing or older than a source. bench/compare.sh runs it beside `jray microbenchmark`.
#
#   bench/peers/run-all.sh                        # all 13 measures, about 7 minutes (20 s warm-up + 8 s each)
#   bench/peers/run-all.sh --warmup=5 --duration=4 limit_grpc_unary_sync hazelcast_tasks_sync
#   bench/peers/run-all.sh --filter=hazelcast
#   bench/peers/run-all.sh --help
set -euo pipefail
here="$(cd -P "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
classpath="$here/target/classpath.txt" # written by the build, after everything else

needs_build() {
  [ ! -f "$classpath" ] && return 0
  [ -n "$(find "$root" -path "$root/*/target" -prune -o -path "$root/.git" -prune -o \
      \( -name '*.java' -o -name '*.proto' -o -name 'pom.xml' \) -type f -newer "$classpath" -print -quit)" ]
}

if needs_build; then
  echo "Building bench/peers (first use or sources changed)..." >&2
  log="$(mktemp)"
  # -am: build the jray modules it uses from this checkout, not whatever snapshot another checkout installed.
  if ! (cd "$root" && mvn -B -q -DskipTests -pl bench/peers -am package >"$log" 2>&1); then
    tail -40 "$log" >&2
    echo "The build failed; the lines above say why (full log: $log)." >&2
    exit 1
  fi
  rm -f "$log"
  touch "$classpath" # the build leaves it alone when the class path has not changed
fi

java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$java" -cp "$here/target/classes:$(cat "$classpath")" io.jray.bench.peers.PeersMain "$@"
