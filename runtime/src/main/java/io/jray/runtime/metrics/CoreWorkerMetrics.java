package io.jray.runtime.metrics;

import io.jray.proto.MetricSample;
import io.jray.proto.ReportCoreWorkerMetricsRequest;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * A driver's or worker's own metrics (Ray's core worker metrics), which it sends to its node's raylet rather than
 * exporting them itself, so a node has three scrape targets however many workers it runs: tasks it ran by name
 * and outcome, the seconds they ran, objects it put, and its heap. Counters are cumulative since the process started, so a lost
 * report loses nothing. Thread-safe: tasks finish on many threads.
 */
public final class CoreWorkerMetrics {
  /** Tasks this process ran to their end, by task name and state (FINISHED, FAILED). */
  public static final String TASKS = "jray_core_worker_tasks";
  /** Seconds this process spent running tasks, by task name. */
  public static final String TASK_RUN_SECONDS = "jray_core_worker_task_run_seconds";
  /** Objects this process put ({@code Ray.put}). */
  public static final String OBJECTS_PUT = "jray_core_worker_objects_put";
  /** The JVM heap in use. */
  public static final String HEAP_USED = "jray_core_worker_heap_used_bytes";

  private record Key(String name, Map<String, String> labels) {}

  private final String component;
  private final Map<Key, DoubleAdder> counters = new ConcurrentHashMap<>();
  private volatile Runnable taskEnded = () -> {};

  /** @param component "driver" or "worker", a label of every value */
  public CoreWorkerMetrics(String component) {
    this.component = component;
  }

  /** A task ended here: {@code failed} if it ended in an error, after running {@code runNanos}. */
  public void taskEnded(String name, boolean failed, long runNanos) {
    add(TASKS, Map.of("Name", name, "State", failed ? "FAILED" : "FINISHED", "Component", component), 1);
    add(TASK_RUN_SECONDS, Map.of("Name", name, "Component", component), runNanos / 1e9);
    taskEnded.run();
  }

  /** Called (on the task's thread) after each task is counted: the reporter sends soon. */
  public void onTaskEnded(Runnable listener) {
    this.taskEnded = listener;
  }

  /** The program put an object. */
  public void objectPut() {
    add(OBJECTS_PUT, Map.of("Component", component), 1);
  }

  private void add(String name, Map<String, String> labels, double amount) {
    counters.computeIfAbsent(new Key(name, labels), k -> new DoubleAdder()).add(amount);
  }

  /** Everything now, as the raylet takes it. */
  public ReportCoreWorkerMetricsRequest snapshot(String reporter) {
    ReportCoreWorkerMetricsRequest.Builder report = ReportCoreWorkerMetricsRequest.newBuilder()
        .setReporter(reporter).setPid(ProcessHandle.current().pid());
    counters.forEach((key, value) -> report.addCounters(sample(key.name(), key.labels(), value.sum())));
    report.addAllGauges(List.of(sample(HEAP_USED, Map.of("Component", component),
        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed())));
    return report.build();
  }

  private static MetricSample sample(String name, Map<String, String> labels, double value) {
    return MetricSample.newBuilder().setName(name).putAllLabels(labels).setValue(value).build();
  }
}
