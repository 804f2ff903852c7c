package io.jray.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jray.api.ActorHandle;
import io.jray.api.ObjectRef;
import io.jray.api.Ray;
import io.jray.proto.NodeInfo;
import io.jray.runtime.config.JrayConfig;
import io.jray.testing.Await;
import io.jray.testing.ClusterHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The external scheduler protocol across languages, on one real cluster (a head and node B, 2 CPUs each) whose GCS
 * talks to a Python scheduler (test resources: always_one_node.py, the seed's wire) that places everything on
 * node index 2, node B. The built-in policy would keep these tasks on the driver's idle head.
 */
@Order(6)
class ExternalSchedulerClusterTest {
  private static final Duration LONG = Duration.ofSeconds(60);
  private static final Map<String, String> SETTINGS = Map.of(
      // Generous: on a loaded machine a 300 ms deadline let the built-in policy place a test's group (CI failure).
      JrayConfig.EXTERNAL_SCHEDULER_TIMEOUT_MS.propertyName(), "3000",
      JrayConfig.EXTERNAL_SCHEDULER_RECONNECT_MAX_MS.propertyName(), "1000",
      // A worker JVM may take longer to start on a loaded machine than a lease request's default deadline.
      JrayConfig.LEASE_REQUEST_TIMEOUT_MS.propertyName(), "120000");
  private static ClusterHarness cluster;
  private static Path script;
  private static Path portFile;
  private static int port;
  private static Process python;
  private static String head;
  private static String nodeB;

  @BeforeAll
  static void startClusterWithPythonScheduler() throws Exception {
    assumeTrue(pythonAvailable(), "python3 is not installed");
    cluster = ClusterHarness.create();
    try {
      Path dir = cluster.newTempDir("python-scheduler");
      script = dir.resolve("always_one_node.py");
      try (var in = ExternalSchedulerClusterTest.class.getResourceAsStream("/external_scheduler/always_one_node.py")) {
        Files.copy(in, script);
      }
      portFile = dir.resolve("port");
      startPython(0);
      SETTINGS.forEach(System::setProperty);
      System.setProperty(JrayConfig.EXTERNAL_SCHEDULER.propertyName(), "127.0.0.1:" + port);
      try {
        head = cluster.startHead(s -> s.withNumCpus(2.0)).nodeFile().nodeId();
        nodeB = cluster.addNode(s -> s.withNumCpus(2.0)).nodeFile().nodeId();
      } finally {
        // The GCS took it at its start; the driver and later clusters of this JVM must not.
        System.clearProperty(JrayConfig.EXTERNAL_SCHEDULER.propertyName());
      }
      Ray.init(cluster.gcsAddress().toString());
    } catch (Exception | Error e) {
      stop();
      throw e;
    }
  }

  @AfterAll
  static void stop() {
    SETTINGS.keySet().forEach(System::clearProperty);
    Ray.shutdown();
    if (python != null) {
      signal("CONT");
      python.destroyForcibly();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private static boolean pythonAvailable() {
    try {
      return new ProcessBuilder("python3", "--version").redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** Starts the Python scheduler on {@code wanted} (0: any free port), placing everything on node index 2. */
  private static void startPython(int wanted) throws Exception {
    Files.deleteIfExists(portFile);
    python = new ProcessBuilder("python3", script.toString(), portFile.toString(), "2", Integer.toString(wanted))
        .redirectErrorStream(true).redirectOutput(portFile.resolveSibling("python.log").toFile()).start();
    Await.until("the Python scheduler listening", LONG, () -> Files.exists(portFile));
    port = Integer.parseInt(Files.readString(portFile).trim());
  }

  /** SIGSTOP / SIGCONT to the Python scheduler this test started (by its pid). */
  private static void signal(String name) {
    try {
      new ProcessBuilder("kill", "-" + name, Long.toString(python.pid())).inheritIO().start().waitFor();
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String scheduler() {
    return cluster.gcs().getClusterStatus().getScheduler();
  }

  /** Each test starts with the Python scheduler connected and the cluster idle. */
  @BeforeEach
  void awaitConnectedAndIdle() {
    Await.until("the GCS connected to the Python scheduler", LONG, () -> scheduler().contains("(connected)"));
    awaitIdle();
  }

  private static void awaitIdle() {
    Await.until("both nodes with all 2 CPUs free", LONG, () -> {
      List<NodeInfo> nodes = cluster.gcs().getAllNodeInfo();
      return nodes.size() == 2 && nodes.stream().allMatch(n -> n.getAvailable().getAmountsOrDefault("CPU", 0) == 2.0);
    });
  }

  private static Map<String, Integer> runTasks(int n) {
    List<ObjectRef<String>> refs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      refs.add(Ray.task(TestFunctions::nodeIdAfter, 100L).setResource("CPU", 1.0).remote());
    }
    Map<String, Integer> counts = new HashMap<>();
    refs.forEach(ref -> counts.merge(ref.get(120_000), 1, Integer::sum));
    return counts;
  }

  @Test
  void nodesGetStableIndicesAndEveryTaskActorAndLoneBundleGoesWhereThePythonSchedulerSays() throws Exception {
    Map<String, Long> indices = new HashMap<>();
    cluster.gcs().getAllNodeInfo().forEach(n -> indices.put(java.util.HexFormat.of().formatHex(n.getNodeId()
        .toByteArray()), n.getNodeIndex()));
    assertEquals(Map.of(head, 1L, nodeB, 2L), indices);
    assertEquals(Map.of(nodeB, 6), runTasks(6));
    ActorHandle<Counter> actor = Ray.actor(Counter::new, 0).remote();
    assertEquals(nodeB, actor.task(Counter::nodeId).remote().get(120_000));
    actor.kill();
    // A group of one bundle goes where the scheduler says too (the built-in placer would pack it on the head),
    // once B has room again by its report (a bundle is placed only where it fits now).
    awaitIdle();
    io.jray.api.placementgroup.PlacementGroup pg = PlacementGroupFixtures.create(
        io.jray.api.placementgroup.PlacementStrategy.PACK, Map.of("CPU", 1.0));
    try {
      assertTrue(pg.wait(60));
      assertEquals(List.of(nodeB), PlacementGroupFixtures.bundleNodes(cluster.gcs(), pg));
    } finally {
      io.jray.api.PlacementGroups.removePlacementGroup(pg.getId());
    }
    String log = Files.readString(portFile.resolveSibling("python.log"));
    assertTrue(log.contains("add 1 ") && log.contains("add 2 ") && log.contains("-> 2"), log);
  }

  @Test
  void aSchedulerKilledMidRunLeavesTasksToTheBuiltInPolicyAndIsTakenBackWhenItReturns() throws Exception {
    List<ObjectRef<String>> running = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      running.add(Ray.task(TestFunctions::nodeIdAfter, 1000L).setResource("CPU", 1.0).remote());
    }
    python.destroyForcibly().waitFor();
    Map<String, Integer> after = runTasks(6);
    running.forEach(ref -> after.merge(ref.get(120_000), 1, Integer::sum));
    assertEquals(10, after.values().stream().mapToInt(Integer::intValue).sum(), after.toString());
    Await.until("the status saying the scheduler is not connected", LONG, () -> scheduler().contains("not connected"));
    assertTrue(scheduler().contains("built-in policy decides"), scheduler());
    startPython(port);
    Await.until("the GCS reconnected to the new Python scheduler", LONG, () -> scheduler().contains("(connected)"));
    assertEquals(Map.of(nodeB, 4), runTasks(4));
  }

  @Test
  void aHungSchedulerIsGivenUpAfterItsDeadlineAndTasksStillFinish() throws Exception {
    signal("STOP");
    try {
      long start = System.nanoTime();
      Map<String, Integer> counts = runTasks(4);
      assertEquals(4, counts.values().stream().mapToInt(Integer::intValue).sum(), counts.toString());
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(60), "tasks waited on the hung scheduler");
      Await.until("the status saying the scheduler is not connected", LONG,
          () -> scheduler().contains("not connected"));
    } finally {
      signal("CONT");
    }
  }
}
