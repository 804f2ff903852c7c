package io.jray.bench;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The registry: every workload, in the order they run (Ray's names; objects, then tasks, then actors, then
 * placement groups).
 */
public final class Workloads {
  private static final List<Workload> ALL = List.of(
      ObjectWorkloads.getCalls(),
      ObjectWorkloads.putCalls(),
      ObjectWorkloads.multiClientPutCalls(),
      ObjectWorkloads.getObjectContaining10kRefs(),
      ObjectWorkloads.wait1kRefs(),
      TaskWorkloads.tasksSync(),
      TaskWorkloads.tasksAsync(),
      TaskWorkloads.multiClientTasksAsync(),
      ActorWorkloads.oneToOneSync(),
      ActorWorkloads.oneToOneAsync(),
      ActorWorkloads.oneToOneConcurrent(),
      ActorWorkloads.oneToN(),
      ActorWorkloads.nToN(),
      ActorWorkloads.nToNWithArg(),
      AsyncActorWorkloads.oneToOneSync(),
      AsyncActorWorkloads.oneToOneAsync(),
      AsyncActorWorkloads.oneToOneWithArgsAsync(),
      AsyncActorWorkloads.oneToN(),
      AsyncActorWorkloads.nToN(),
      TaskWorkloads.tasksAndGetBatch(),
      PlacementGroupWorkloads.createRemoval(),
      // Last: the largest memory user, so what it leaves in the driver's heap cannot slow the others.
      ObjectWorkloads.putGigabytes(),
      ObjectWorkloads.multiClientPutGigabytes());

  private Workloads() {}

  public static List<Workload> all() {
    return ALL;
  }

  public static List<String> names() {
    return ALL.stream().map(Workload::name).toList();
  }

  /** The workload called exactly {@code name}. */
  public static Optional<Workload> named(String name) {
    return ALL.stream().filter(w -> w.name().equals(name)).findFirst();
  }

  /**
   * The workloads whose name contains {@code filter} (case-insensitive), or any of its comma-separated parts; all
   * of them for null or empty.
   */
  public static List<Workload> matching(String filter) {
    if (filter == null || filter.isEmpty()) {
      return ALL;
    }
    List<String> needles = java.util.Arrays.stream(filter.toLowerCase(Locale.ROOT).split(","))
        .map(String::strip).filter(s -> !s.isEmpty()).toList();
    return ALL.stream().filter(w -> needles.stream().anyMatch(w.name().toLowerCase(Locale.ROOT)::contains)).toList();
  }
}
