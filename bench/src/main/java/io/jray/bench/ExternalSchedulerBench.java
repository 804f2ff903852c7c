package io.jray.bench;

import io.jray.api.Ray;
import io.jray.examples.MonteCarloPi;
import io.jray.node.NodeLauncher;
import io.jray.node.NodeSpec;
import io.jray.node.NodeStopper;
import io.jray.proto.ResourceMap;
import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.gcs.GcsClient;
import io.jray.runtime.rpc.AuthToken;
import io.jray.runtime.rpc.HostPort;
import io.jray.scheduling.external.ReferenceScheduler;
import io.jray.scheduling.external.SchedulerConnection;
import io.jray.scheduling.external.SchedulerWire;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Issue 19's figures: the seed's experiment 1 (Monte Carlo pi, the examples' {@link MonteCarloPi}) on a head and two nodes (1 CPU
 * each), with the built-in policy and with the external scheduler (the reference service, least-placed, in this
 * JVM), and the latency one decision adds: the raylet's extra hop (PickNode to the GCS, which asks the
 * scheduler) and the bare wire round trip under it. Prints Ray's line format ({@code <name> <unit> <value>}).
 *
 * <pre>java -cp "$(./jray classpath)" io.jray.bench.ExternalSchedulerBench [tasks] [samples-per-task] [rounds]</pre>
 */
public final class ExternalSchedulerBench {
  private ExternalSchedulerBench() {}

  public static void main(String[] args) throws Exception {
    int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    long samples = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000L;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    AuthToken token = AuthToken.findOrCreate();
    Path root = Files.createTempDirectory("jray-sched-bench-");
    System.out.printf("# %d tasks x %d samples, median of %d rounds after a warm-up, head + 2 nodes of 1 CPU%n",
        tasks, samples, rounds);
    run("builtin", null, root.resolve("builtin"), token, tasks, samples, rounds);
    try (ReferenceScheduler service = new ReferenceScheduler("127.0.0.1", 0, ReferenceScheduler.Policy.LEAST_PLACED,
        line -> {})) {
      run("external", service, root.resolve("external"), token, tasks, samples, rounds);
      wireRoundTrip(service.port());
    }
  }

  private static void run(String name, ReferenceScheduler service, Path dir, AuthToken token, int tasks,
      long samples, int rounds) throws Exception {
    if (service != null) {
      System.setProperty(JrayConfig.EXTERNAL_SCHEDULER.propertyName(), "127.0.0.1:" + service.port());
    }
    List<NodeLauncher.StartedNode> nodes = new ArrayList<>();
    try {
      NodeLauncher launcher = new NodeLauncher(line -> {});
      NodeLauncher.StartedNode head = launcher.start(NodeSpec.head(dir.resolve("head"), freePort())
          .withNodeIp("127.0.0.1").withNumCpus(1.0).withObjectStoreMemory(128L << 20)
          .withOwnerPid(ProcessHandle.current().pid()), token);
      nodes.add(head);
      System.clearProperty(JrayConfig.EXTERNAL_SCHEDULER.propertyName());
      for (String n : List.of("b", "c")) {
        nodes.add(launcher.start(NodeSpec.worker(dir.resolve(n), head.gcsAddress()).withNumCpus(1.0)
            .withObjectStoreMemory(128L << 20).withOwnerPid(ProcessHandle.current().pid()), token));
      }
      Ray.init(head.gcsAddress().toString());
      try {
        MonteCarloPi.estimate(Math.max(6, tasks / 4), samples); // warm-up: worker JVMs on every node, JIT
        double[] walls = new double[rounds];
        for (int r = 0; r < rounds; r++) {
          long start = System.nanoTime();
          double pi = MonteCarloPi.estimate(tasks, samples);
          walls[r] = (System.nanoTime() - start) / 1e9;
          if (Math.abs(pi - Math.PI) > 0.01) {
            throw new IllegalStateException("pi came out as " + pi);
          }
        }
        Arrays.sort(walls);
        double wall = walls[rounds / 2];
        System.out.printf("monte_carlo_pi_%s seconds %.3f%n", name, wall);
        System.out.printf("monte_carlo_pi_%s tasks_per_second %.1f%n", name, tasks / wall);
        tasksPerNode(name, head.gcsAddress(), token, Math.max(6, tasks / 4) + rounds * tasks);
        if (service != null) {
          // Decisions (lease requests and actor placements) the service made, by node index, warm-up included.
          System.out.printf("external_decisions_per_node count %s%n", service.placedCounts());
          pickNodeRoundTrip(head.gcsAddress(), token, head);
        }
      } finally {
        Ray.shutdown();
      }
    } finally {
      System.clearProperty(JrayConfig.EXTERNAL_SCHEDULER.propertyName());
      for (int i = nodes.size() - 1; i >= 0; i--) {
        NodeStopper.stopNode(nodes.get(i).nodeFilePath(), dir.resolve(i == 0 ? "head" : i == 1 ? "b" : "c"), false,
            10_000);
      }
    }
  }

  /** Where the tasks ran, by node index, as their events reached the GCS (warm-up included). */
  private static void tasksPerNode(String name, HostPort gcsAddress, AuthToken token, int expected)
      throws InterruptedException {
    try (GcsClient gcs = new GcsClient(gcsAddress, token)) {
      Map<com.google.protobuf.ByteString, Long> index = new java.util.HashMap<>();
      gcs.getAllNodeInfo().forEach(n -> index.put(n.getNodeId(), n.getNodeIndex()));
      long deadline = System.currentTimeMillis() + 20_000;
      Map<Long, Long> counts = Map.of();
      while (System.currentTimeMillis() < deadline) {
        counts = gcs.listTasks(10_000).getTasksList().stream().filter(t -> !t.getNodeId().isEmpty())
            .collect(java.util.stream.Collectors.groupingBy(t -> index.getOrDefault(t.getNodeId(), 0L),
                java.util.TreeMap::new, java.util.stream.Collectors.counting()));
        if (counts.values().stream().mapToLong(Long::longValue).sum() >= expected) {
          break;
        }
        Thread.sleep(200);
      }
      System.out.printf("monte_carlo_pi_%s tasks_per_node_index %s%n", name, counts);
    }
  }

  /** The raylet's extra hop per decision: PickNode to the GCS, which asks the external scheduler. */
  private static void pickNodeRoundTrip(HostPort gcsAddress, AuthToken token, NodeLauncher.StartedNode head) {
    try (GcsClient gcs = new GcsClient(gcsAddress, token)) {
      ResourceMap shape = ResourceMap.newBuilder().putAmounts("CPU", 1.0).build();
      com.google.protobuf.ByteString self = com.google.protobuf.ByteString.copyFrom(
          java.util.HexFormat.of().parseHex(head.nodeFile().nodeId()));
      long[] us = time(5000, () -> gcs.pickNode(shape, self, 5000));
      report("pick_node_via_gcs", us);
    }
  }

  /** The bare wire: one schedule request and its reply to the reference service over loopback TCP. */
  private static void wireRoundTrip(int port) throws Exception {
    try (SchedulerConnection c = new SchedulerConnection(new HostPort("127.0.0.1", port), 5000, 100, 1000,
        System::currentTimeMillis)) {
      byte[] request = SchedulerWire.schedule(Map.of("CPU", 1.0));
      long[] us = time(20000, () -> {
        try {
          c.call(request, SchedulerWire::decodePlacement);
        } catch (SchedulerConnection.Unavailable e) {
          throw new IllegalStateException(e);
        }
      });
      report("schedule_wire_round_trip", us);
    }
  }

  private static long[] time(int n, Runnable call) {
    for (int i = 0; i < n; i++) {
      call.run(); // warm-up
    }
    long[] us = new long[n];
    for (int i = 0; i < n; i++) {
      long start = System.nanoTime();
      call.run();
      us[i] = (System.nanoTime() - start) / 1000;
    }
    Arrays.sort(us);
    return us;
  }

  private static void report(String name, long[] sortedUs) {
    System.out.printf("%s microseconds p50 %d p99 %d mean %.1f%n", name, sortedUs[sortedUs.length / 2],
        sortedUs[(int) (sortedUs.length * 0.99)], Arrays.stream(sortedUs).average().orElse(0));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
