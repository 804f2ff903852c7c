package io.jray.bench.peers;

import static io.jray.bench.peers.PeerSettings.CALL_TIMEOUT;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.map.IMap;
import io.jray.bench.Trial;
import io.jray.bench.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The JVM peer: Hazelcast doing what jray's workloads do. A member runs in a JVM of its own
 * ({@link HazelcastMember}) and this JVM drives it as a Hazelcast client, not as a second member: a second
 * member would own half the map's partitions and run half the tasks itself, without crossing a process; a
 * client sends every call to the member, as a jray driver sends every task to a worker process. Called from
 * the runner's thread.
 */
final class HazelcastPeer {
  private HazelcastPeer() {}

  /** One task submitted to the member's executor and awaited at a time (single_client_tasks_sync). */
  static Workload tasksSync() {
    return onClient("hazelcast_tasks_sync", (client, s) -> {
      IExecutorService executor = client.getExecutorService(HazelcastOptions.EXECUTOR);
      SmallTask task = new SmallTask();
      return Trial.of(1, () -> executor.submit(task).get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    });
  }

  /** A batch of tasks submitted, then awaited (single_client_tasks_async); counts tasks. */
  static Workload tasksAsync() {
    return onClient("hazelcast_tasks_async", (client, s) -> {
      IExecutorService executor = client.getExecutorService(HazelcastOptions.EXECUTOR);
      SmallTask task = new SmallTask();
      int n = s.batch(PeerSettings.BATCH);
      return Trial.of(n, () -> {
        List<Future<byte[]>> results = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          results.add(executor.submit(task));
        }
        long deadline = System.nanoTime() + CALL_TIMEOUT.toNanos();
        for (Future<byte[]> result : results) {
          result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
      });
    });
  }

  /**
   * One small value stored (single_client_put_calls), with {@code set}: like a put in Ray, it does not return
   * the value it replaces.
   */
  static Workload mapPut() {
    return onClient("hazelcast_map_put", (client, s) -> {
      IMap<Integer, Integer> map = client.getMap(HazelcastOptions.MAP);
      int[] next = {0};
      return Trial.of(1, () -> map.set(next[0]++ % PeerSettings.PUT_KEYS, 0));
    });
  }

  /** One small value read (single_client_get_calls). */
  static Workload mapGet() {
    return onClient("hazelcast_map_get", (client, s) -> {
      IMap<Integer, Integer> map = client.getMap(HazelcastOptions.MAP);
      map.set(0, 0);
      return Trial.of(1, () -> map.get(0));
    });
  }

  /** One 100 MiB byte[] stored, in gigabytes (10^9 bytes) per second (single_client_put_gigabytes). */
  static Workload putGigabytes() {
    return onClient("hazelcast_put_gigabytes", (client, s) -> {
      IMap<Integer, byte[]> map = client.getMap(HazelcastOptions.MAP);
      byte[] value = new byte[s.scaled(PeerSettings.VALUE_BYTES, PeerSettings.MIN_VALUE_BYTES)];
      return Trial.of(value.length / 1e9, () -> map.set(0, value));
    });
  }

  /** A workload whose trials run on a client connected to a fresh member. */
  private static Workload onClient(String name, Trials.On<HazelcastInstance> prepare) {
    return Workload.of(name, s -> {
      String cluster = "jray-bench-" + UUID.randomUUID();
      List<String> memberArgs = List.of(cluster);
      return Trials.againstServer(HazelcastMember.class, HazelcastOptions.JVM_OPTIONS, memberArgs, member -> {
        HazelcastOptions.quietLogging();
        HazelcastInstance client = HazelcastClient.newHazelcastClient(clientConfig(cluster, member.port()));
        return Trials.owning(client, client::shutdown, c -> prepare.prepare(c, s));
      });
    });
  }

  private static ClientConfig clientConfig(String cluster, int port) {
    ClientConfig config = new ClientConfig().setClusterName(cluster);
    HazelcastOptions.PROPERTIES.forEach(config::setProperty);
    // Every call's deadline: a member that stops answering fails the measure instead of hanging it.
    config.setProperty("hazelcast.client.invocation.timeout.seconds", String.valueOf(CALL_TIMEOUT.toSeconds()));
    config.getSerializationConfig().addDataSerializableFactory(HazelcastOptions.FACTORY_ID, HazelcastOptions.FACTORY);
    config.getNetworkConfig().addAddress("127.0.0.1:" + port);
    config.getConnectionStrategyConfig().getConnectionRetryConfig()
        .setClusterConnectTimeoutMillis(PeerSettings.START_TIMEOUT.toMillis());
    return config;
  }
}
