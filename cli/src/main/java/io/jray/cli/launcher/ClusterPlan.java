package io.jray.cli.launcher;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which host runs what, as the cluster file asks: the head, and each worker host with its pool. A pool with
 * {@code hosts} gets those; a pool with {@code count} keeps the hosts it already had (so editing another pool never
 * moves it) and takes the rest from the free {@code provider.worker_ips} in file order. The loader has checked that
 * there are enough.
 *
 * @param workers worker host to pool name, in file order
 */
record ClusterPlan(String head, Map<String, String> workers) {

  static ClusterPlan of(ClusterConfig config, ClusterState state) {
    Map<String, String> workers = new LinkedHashMap<>();
    config.workerPools().values().forEach(p -> p.hosts().forEach(h -> workers.put(h, p.name())));
    Set<String> free = new LinkedHashSet<>(config.provider().workerIps());
    free.removeAll(workers.keySet());
    Map<String, List<String>> counted = new LinkedHashMap<>();
    Map<String, ClusterState.Worker> recorded = state.workers();
    for (ClusterConfig.WorkerPool pool : config.workerPools().values()) {
      if (pool.count() == null) {
        continue;
      }
      List<String> kept = new ArrayList<>();
      for (String host : free) {
        ClusterState.Worker was = recorded.get(host);
        if (kept.size() < pool.count() && was != null && was.pool().equals(pool.name())) {
          kept.add(host);
        }
      }
      free.removeAll(kept);
      counted.put(pool.name(), kept);
    }
    for (ClusterConfig.WorkerPool pool : config.workerPools().values()) {
      List<String> hosts = counted.get(pool.name());
      if (hosts == null) {
        continue;
      }
      List<String> taken = free.stream().limit(pool.count() - hosts.size()).toList();
      free.removeAll(taken);
      hosts.addAll(taken);
      hosts.forEach(h -> workers.put(h, pool.name()));
    }
    return new ClusterPlan(config.provider().headIp(), workers);
  }

  /** The hosts of one pool. */
  List<String> hostsOf(String pool) {
    return workers.entrySet().stream().filter(e -> e.getValue().equals(pool)).map(Map.Entry::getKey).toList();
  }

  /**
   * What shapes the head's start: a different fingerprint on a later {@code up} means the head is started again.
   */
  static String headFingerprint(ClusterConfig config) {
    return fingerprint("head", config.fileMounts().toString(), config.setupCommands().toString(),
        config.headStartCommands().toString());
  }

  /** What shapes a worker's start in a pool, including the head it joins. */
  static String workerFingerprint(ClusterConfig config, String pool, String headAddress) {
    return fingerprint("worker", pool, headAddress, config.fileMounts().toString(), config.setupCommands().toString(),
        config.workerStartCommands().toString(), config.workerPools().get(pool).jrayStartOptions().toString());
  }

  private static String fingerprint(String... parts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String part : parts) {
        sha.update(part.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
