package io.jray.raylet;

import io.jray.node.metrics.HostStats;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * The raylet's metrics, with Ray's names under a {@code jray_} prefix: the node's resources by name and state,
 * its worker JVMs by state and how long they take to start, and the host's CPU, memory, disk and network use.
 */
final class RayletMetrics {
  private RayletMetrics() {}

  static void register(PrometheusRegistry registry, LocalResources resources, WorkerPool pool, HostStats host) {
    GaugeWithCallback.builder().name("jray_resources")
        .help("The node's logical resources, by name and state (AVAILABLE, USED: leased or reserved).")
        .labelNames("Name", "State")
        .callback(cb -> {
          Map<String, Double> available = resources.available();
          resources.total().forEach((name, total) -> {
            double free = available.getOrDefault(name, 0.0);
            cb.call(free, name, "AVAILABLE");
            cb.call(total - free, name, "USED");
          });
        }).register(registry);
    GaugeWithCallback.builder().name("jray_workers")
        .help("The node's worker JVMs, by state (STARTING, IDLE, LEASED, ACTOR).")
        .labelNames("State")
        .callback(cb -> {
          Map<WorkerPool.State, Integer> counts = new EnumMap<>(WorkerPool.State.class);
          for (WorkerPool.State state : WorkerPool.State.values()) {
            counts.put(state, 0);
          }
          pool.views().forEach(v -> counts.merge(v.state(), 1, Integer::sum));
          counts.forEach((state, n) -> cb.call(n, state.name()));
        }).register(registry);
    CounterWithCallback.builder().name("jray_worker_starts")
        .help("Worker JVMs the raylet started.")
        .callback(cb -> cb.call(pool.started.sum())).register(registry);
    CounterWithCallback.builder().name("jray_worker_register_seconds")
        .help("Total time started workers took from spawn to registration (divide by jray_worker_registrations).")
        .callback(cb -> cb.call(pool.registrationSeconds.sum())).register(registry);
    CounterWithCallback.builder().name("jray_worker_registrations")
        .help("Worker JVMs that registered with the raylet.")
        .callback(cb -> cb.call(pool.registered.sum())).register(registry);
    GaugeWithCallback.builder().name("jray_node_cpu_utilization")
        .help("Percent of the host's cores busy since the previous scrape.")
        .callback(cb -> cb.call(host.cpuPercent())).register(registry);
    GaugeWithCallback.builder().name("jray_node_cpu_count").help("The host's cores.")
        .callback(cb -> cb.call(Runtime.getRuntime().availableProcessors())).register(registry);
    GaugeWithCallback.builder().name("jray_node_mem_total_bytes").help("The host's memory.")
        .callback(cb -> cb.call(host.memory()[0])).register(registry);
    GaugeWithCallback.builder().name("jray_node_mem_available_bytes").help("The host's memory available to programs.")
        .callback(cb -> cb.call(host.memory()[1])).register(registry);
    GaugeWithCallback.builder().name("jray_node_disk_total_bytes").help("Size of the disk holding the node's files.")
        .callback(cb -> cb.call(host.diskBytes()[0])).register(registry);
    GaugeWithCallback.builder().name("jray_node_disk_free_bytes").help("Free bytes of that disk.")
        .callback(cb -> cb.call(host.diskBytes()[1])).register(registry);
    CounterWithCallback.builder().name("jray_node_network_received_bytes")
        .help("Bytes the host received (every interface but loopback).")
        .callback(cb -> cb.call(host.networkBytes()[0])).register(registry);
    CounterWithCallback.builder().name("jray_node_network_sent_bytes")
        .help("Bytes the host sent (every interface but loopback).")
        .callback(cb -> cb.call(host.networkBytes()[1])).register(registry);
  }
}
