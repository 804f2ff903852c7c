package io.jray.bench.peers;

import io.jray.bench.Workload;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The registry: every figure jray's microbenchmark is held against, in the order they run: this machine's limits,
 * then the Hazelcast peer (its 100 MiB puts last, as jray's are).
 */
final class Measures {
  private static final List<Workload> ALL = List.of(
      MemoryLimits.javaArraycopy(),
      MemoryLimits.shmMapWarm(),
      MemoryLimits.shmMapCold(),
      TcpLimit.loopbackRoundtrip(),
      GrpcLimits.unarySync(),
      GrpcLimits.unaryAsync(),
      GrpcLimits.streaming(),
      JvmSpawnLimit.spawn(),
      HazelcastPeer.tasksSync(),
      HazelcastPeer.tasksAsync(),
      HazelcastPeer.mapPut(),
      HazelcastPeer.mapGet(),
      HazelcastPeer.putGigabytes());

  private Measures() {}

  static List<Workload> all() {
    return ALL;
  }

  static List<String> names() {
    return ALL.stream().map(Workload::name).toList();
  }

  static Optional<Workload> named(String name) {
    return ALL.stream().filter(w -> w.name().equals(name)).findFirst();
  }

  /** Those of {@code from} whose name contains {@code filter} (case-insensitive); all of them for null. */
  static List<Workload> matching(List<Workload> from, String filter) {
    if (filter == null) {
      return from;
    }
    String needle = filter.toLowerCase(Locale.ROOT);
    return from.stream().filter(w -> w.name().toLowerCase(Locale.ROOT).contains(needle)).toList();
  }
}
