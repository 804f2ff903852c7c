package io.jray.gcs;

import io.jray.proto.ActorState;
import io.jray.proto.JobInfo;
import io.jray.proto.JobState;
import io.jray.proto.PlacementGroupInfo;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The GCS's metrics, with Ray's names under a {@code jray_} prefix, read from its tables when scraped: active
 * nodes, tasks by state and name (from the owners' task events), actors, placement groups and jobs by state (every
 * state, 0 included), failed health checks.
 */
final class GcsMetrics {
  private static final long READ_TIMEOUT_S = 5;

  private GcsMetrics() {}

  static void register(PrometheusRegistry registry, NodeManager nodes, ActorManager actors,
      PlacementGroupManager groups, JobManager jobs, TaskEventManager tasks, HealthChecker health) {
    GaugeWithCallback.builder().name("jray_cluster_active_nodes").help("Nodes alive in the cluster.")
        .callback(cb -> cb.call(nodes.alive().size())).register(registry);
    GaugeWithCallback.builder().name("jray_tasks")
        .help("Tasks the GCS knows of (the newest task_events_max), by state and name.")
        .labelNames("State", "Name")
        .callback(cb -> tasks.countsByStateAndName().forEach((key, n) -> cb.call(n, key.get(0), key.get(1))))
        .register(registry);
    GaugeWithCallback.builder().name("jray_actors").help("Actors by state.").labelNames("State")
        .callback(cb -> byState(read(actors.all()), a -> a.getState().name(), ActorState.values())
            .forEach((state, n) -> cb.call(n, state.replaceFirst("^ACTOR_", "")))).register(registry);
    GaugeWithCallback.builder().name("jray_placement_groups").help("Placement groups by state.").labelNames("State")
        .callback(cb -> byState(read(groups.all()), (PlacementGroupInfo g) -> g.getState().name(),
            PlacementGroupInfo.State.values()).forEach((state, n) -> cb.call(n, state))).register(registry);
    GaugeWithCallback.builder().name("jray_jobs").help("Jobs (drivers) by state.").labelNames("State")
        .callback(cb -> byState(jobs.all(), (JobInfo j) -> j.getState().name(), JobState.values())
            .forEach((state, n) -> cb.call(n, state.replaceFirst("^JOB_", "")))).register(registry);
    CounterWithCallback.builder().name("jray_health_check_failures")
        .help("Health checks of raylets that failed.")
        .callback(cb -> cb.call(health.failedChecks.sum())).register(registry);
  }

  private static <T> List<T> read(java.util.concurrent.CompletableFuture<List<T>> table) {
    try {
      return table.get(READ_TIMEOUT_S, TimeUnit.SECONDS);
    } catch (Exception e) {
      return List.of();
    }
  }

  /** How many rows are in each state, every state of {@code states} listed (protobuf's UNRECOGNIZED left out). */
  private static <T> Map<String, Integer> byState(List<T> rows, Function<T, String> state, Enum<?>[] states) {
    Map<String, Integer> counts = new TreeMap<>();
    for (Enum<?> s : states) {
      if (!s.name().equals("UNRECOGNIZED")) {
        counts.put(s.name(), 0);
      }
    }
    rows.forEach(r -> counts.merge(state.apply(r), 1, Integer::sum));
    return counts;
  }
}
