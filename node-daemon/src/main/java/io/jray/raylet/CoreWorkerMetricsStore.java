package io.jray.raylet;

import io.jray.proto.MetricSample;
import io.jray.proto.ReportCoreWorkerMetricsRequest;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * The metrics this node's drivers and workers report (each its whole set, counters cumulative), exported by the
 * raylet with its own: a value is the sum over the processes that report it, by its labels. A process that stops
 * reporting (it ended) keeps its counters in the sum, so a counter never goes down when a worker exits; its gauges
 * go. Only {@code jray_core_worker_*} names and plain label names are taken, and a bounded number of each
 * process's values, so a reporter cannot break the scrape or fill the raylet's memory. Synchronized.
 */
final class CoreWorkerMetricsStore implements MultiCollector {
  static final String PREFIX = "jray_core_worker_";
  /** Values taken from one report at most. */
  static final int MAX_SAMPLES_PER_REPORT = 2000;
  private static final Pattern NAME = Pattern.compile(PREFIX + "[a-z0-9_]{1,100}");
  private static final Pattern LABEL = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,50}");
  private static final String HELP = "Reported by the node's drivers and workers.";

  private record Series(String name, Map<String, String> labels) {}

  private record Report(Map<Series, Double> counters, Map<Series, Double> gauges, long receivedMs) {}

  private final Map<String, Report> live = new HashMap<>();
  /**
   * The last counters of reporters that went silent, by reporter: one that reports again (it was only slow) is
   * counted from its new, cumulative report alone, not twice.
   */
  private final Map<String, Map<Series, Double>> retired = new HashMap<>();
  private final LongSupplier clock;
  private final long staleAfterMs;

  /** @param staleAfterMs how long a reporter may stay silent before it counts as ended */
  CoreWorkerMetricsStore(LongSupplier clock, long staleAfterMs) {
    this.clock = clock;
    this.staleAfterMs = staleAfterMs;
  }

  synchronized void report(ReportCoreWorkerMetricsRequest request) {
    Map<Series, Double> counters = take(request.getCountersList());
    Map<Series, Double> gauges = take(request.getGaugesList());
    dropCounterNames(gauges, counters);
    retired.remove(request.getReporter());
    live.put(request.getReporter(), new Report(counters, gauges, clock.getAsLong()));
  }

  private static Map<Series, Double> take(List<MetricSample> samples) {
    Map<Series, Double> taken = new HashMap<>();
    for (MetricSample s : samples.subList(0, Math.min(samples.size(), MAX_SAMPLES_PER_REPORT))) {
      if (NAME.matcher(s.getName()).matches() && !s.getName().endsWith("_total") && Double.isFinite(s.getValue())
          && s.getLabelsMap().keySet().stream().allMatch(l -> LABEL.matcher(l).matches())) {
        taken.put(new Series(s.getName(), new TreeMap<>(s.getLabelsMap())), s.getValue());
      }
    }
    return taken;
  }

  /** Reporters silent for too long ended: their counters stay in the sums, their gauges go. */
  private void retireSilent() {
    long now = clock.getAsLong();
    live.entrySet().removeIf(e -> {
      if (now - e.getValue().receivedMs() <= staleAfterMs) {
        return false;
      }
      retired.put(e.getKey(), e.getValue().counters());
      return true;
    });
  }

  @Override
  public synchronized MetricSnapshots collect() {
    retireSilent();
    Map<Series, Double> counters = new HashMap<>();
    for (Map<Series, Double> ended : retired.values()) {
      ended.forEach((series, value) -> counters.merge(series, value, Double::sum));
    }
    Map<Series, Double> gauges = new HashMap<>();
    for (Report r : live.values()) {
      r.counters().forEach((series, value) -> counters.merge(series, value, Double::sum));
      r.gauges().forEach((series, value) -> gauges.merge(series, value, Double::sum));
    }
    dropCounterNames(gauges, counters);
    List<MetricSnapshot> snapshots = new ArrayList<>();
    byName(counters).forEach((name, points) -> {
      CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(HELP);
      points.forEach((labels, value) -> b.dataPoint(
          CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels(labels)).value(value).build()));
      snapshots.add(b.build());
    });
    byName(gauges).forEach((name, points) -> {
      GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(HELP);
      points.forEach((labels, value) -> b.dataPoint(
          GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels(labels)).value(value).build()));
      snapshots.add(b.build());
    });
    return new MetricSnapshots(snapshots);
  }

  /** A name is one kind: a gauge that shares a counter's name goes (linear, under the lock). */
  private static void dropCounterNames(Map<Series, Double> gauges, Map<Series, Double> counters) {
    Set<String> counterNames = new HashSet<>();
    counters.keySet().forEach(c -> counterNames.add(c.name()));
    gauges.keySet().removeIf(g -> counterNames.contains(g.name()));
  }

  private static Map<String, Map<Map<String, String>, Double>> byName(Map<Series, Double> values) {
    Map<String, Map<Map<String, String>, Double>> byName = new TreeMap<>();
    values.forEach((series, value) -> byName.computeIfAbsent(series.name(), n -> new HashMap<>())
        .put(series.labels(), value));
    return byName;
  }

  private static Labels labels(Map<String, String> labels) {
    Labels.Builder b = Labels.builder();
    labels.forEach(b::label);
    return b.build();
  }
}
