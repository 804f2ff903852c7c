package io.jray.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.api.ActorHandle;
import io.jray.api.ObjectRef;
import io.jray.api.Ray;
import io.jray.api.exception.RayActorException;
import io.jray.api.exception.TaskUnschedulableException;
import io.jray.api.id.NodeId;
import io.jray.api.scheduling.SchedulingStrategies;
import io.jray.proto.NodeInfo;
import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.scheduling.LabelSelector;
import io.jray.testing.Await;
import io.jray.testing.ClusterHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Scheduling strategies on one real three-node cluster shared by the tests: a head (the driver's node, zone=a)
 * and nodes B (zone=b) and C (zone=c), 4 CPUs each.
 */
@Order(6)
class SchedulingStrategyTest {
  private static final Duration LONG = Duration.ofSeconds(60);
  private static ClusterHarness cluster;
  private static String head;
  private static String nodeB;
  private static String nodeC;

  private static io.jray.testing.PropertyOverride leaseTimeout;

  @BeforeAll
  static void startCluster() throws Exception {
    // On a loaded machine a worker JVM may take longer to start than a lease request's default deadline; a
    // request that times out and is asked again sees the first one's resources still held, and goes elsewhere.
    leaseTimeout = io.jray.testing.PropertyOverride.set(JrayConfig.LEASE_REQUEST_TIMEOUT_MS.propertyName(), "120000");
    cluster = ClusterHarness.create();
    try {
      head = cluster.startHead(s -> s.withNumCpus(4.0).withLabels(Map.of("zone", "a"))).nodeFile().nodeId();
      nodeB = cluster.addNode(s -> s.withNumCpus(4.0).withLabels(Map.of("zone", "b"))).nodeFile().nodeId();
      nodeC = cluster.addNode(s -> s.withNumCpus(4.0).withLabels(Map.of("zone", "c"))).nodeFile().nodeId();
      Ray.init(cluster.gcsAddress().toString());
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  @AfterAll
  static void stopCluster() {
    leaseTimeout.restore();
    Ray.shutdown();
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Each test starts on an idle cluster, as the GCS (and so every raylet's view) reports it. */
  @BeforeEach
  void awaitIdle() {
    Await.until("three nodes with all 4 CPUs free", LONG, () -> {
      List<NodeInfo> nodes = cluster.gcs().getAllNodeInfo();
      return nodes.size() == 3 && nodes.stream().allMatch(n -> n.getAvailable().getAmountsOrDefault("CPU", 0) == 4.0);
    });
  }

  private static Map<String, Integer> countByNode(List<ObjectRef<String>> refs) {
    Map<String, Integer> counts = new HashMap<>();
    for (ObjectRef<String> ref : refs) {
      counts.merge(ref.get(120_000), 1, Integer::sum);
    }
    return counts;
  }

  /**
   * Runs {@code n} tasks that each hold a lease until all {@code n} run at once (so a lease cannot serve two
   * of them one after the other), and counts where they ran.
   */
  private static Map<String, Integer> runTogether(int n, Function<String, ObjectRef<String>> submit) throws Exception {
    Path dir = cluster.newTempDir("together");
    List<ObjectRef<String>> refs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      refs.add(submit.apply(dir.toString()));
    }
    Await.until(n + " tasks running at once", LONG, () -> {
      try (var files = Files.list(dir)) {
        return files.count() == n;
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    Files.writeString(dir.resolve("release"), "");
    return countByNode(refs);
  }

  @Test
  void theDefaultPolicyPacksTheLocalNodeUntilHalfUsedThenSpreads() throws Exception {
    Map<String, Integer> counts = runTogether(4,
        dir -> Ray.task(TestFunctions::nodeIdWhenReleased, dir).setResource("CPU", 1.0).remote());
    // Two 1-CPU tasks bring the head to 50% (the spread threshold); the next two go to the idle nodes.
    assertEquals(2, counts.getOrDefault(head, 0), counts.toString());
    assertEquals(2, counts.getOrDefault(nodeB, 0) + counts.getOrDefault(nodeC, 0), counts.toString());
  }

  @Test
  void spreadSplitsTasksEvenlyOverTheNodes() throws Exception {
    assertEquals(Map.of(head, 2, nodeB, 2, nodeC, 2), runTogether(6, dir -> Ray.task(TestFunctions::nodeIdWhenReleased, dir)
        .setResource("CPU", 1.0).setSchedulingStrategy(SchedulingStrategies.spread()).remote()));
  }

  @Test
  void hardAffinityRunsOnItsNodeWaitingWhileItIsBusy() {
    List<ObjectRef<String>> refs = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      // Each takes all of C: the second waits for the first instead of going elsewhere.
      refs.add(Ray.task(TestFunctions::nodeIdAfter, 1000L).setResource("CPU", 4.0)
          .setSchedulingStrategy(SchedulingStrategies.nodeAffinity(NodeId.fromHex(nodeC), false)).remote());
    }
    assertEquals(Map.of(nodeC, 2), countByNode(refs));
  }

  @Test
  void hardAffinityToAnUnknownNodeFailsNamingTheNodeAndSoftFallsBack() {
    NodeId nowhere = NodeId.fromRandom();
    TaskUnschedulableException e = assertThrows(TaskUnschedulableException.class, () -> Ray.task(TestFunctions::nodeId)
        .setSchedulingStrategy(SchedulingStrategies.nodeAffinity(nowhere, false)).remote().get(60_000));
    assertTrue(e.getMessage().contains(nowhere.toHex()), e.getMessage());
    String fallback = Ray.task(TestFunctions::nodeId)
        .setSchedulingStrategy(SchedulingStrategies.nodeAffinity(nowhere, true)).remote().get(60_000);
    assertTrue(List.of(head, nodeB, nodeC).contains(fallback), fallback);
    assertEquals(nodeB, Ray.task(TestFunctions::nodeId)
        .setSchedulingStrategy(SchedulingStrategies.nodeAffinity(NodeId.fromHex(nodeB), true)).remote().get(60_000));
  }

  @Test
  void aLabelSelectorSendsTasksAndActorsToTheMatchingNode() {
    assertEquals(nodeC, Ray.task(TestFunctions::nodeId).setLabelSelector(Map.of("zone", "!in(a,b)")).remote()
        .get(60_000));
    assertEquals(nodeB, Ray.task(TestFunctions::nodeId)
        .setLabelSelector(Map.of(LabelSelector.NODE_ID_LABEL, nodeB)).remote().get(60_000));
    ActorHandle<Counter> actor = Ray.actor(Counter::new, 0).setLabelSelector(Map.of("zone", "in(b)")).remote();
    assertEquals(nodeB, actor.task(Counter::nodeId).remote().get(60_000));
    actor.kill();
    assertThrows(IllegalArgumentException.class,
        () -> Ray.task(TestFunctions::nodeId).setLabelSelector(Map.of("zone", "in(")).remote());
  }

  @Test
  void actorsFollowHardAffinityAndOneToAnUnknownNodeDiesNamingIt() {
    ActorHandle<Counter> onC = Ray.actor(Counter::new, 0)
        .setSchedulingStrategy(SchedulingStrategies.nodeAffinity(NodeId.fromHex(nodeC), false)).remote();
    assertEquals(nodeC, onC.task(Counter::nodeId).remote().get(60_000));
    onC.kill();
    NodeId nowhere = NodeId.fromRandom();
    ActorHandle<Counter> lost = Ray.actor(Counter::new, 0)
        .setSchedulingStrategy(SchedulingStrategies.nodeAffinity(nowhere, false)).remote();
    RayActorException e = assertThrows(RayActorException.class, () -> lost.task(Counter::nodeId).remote().get(60_000));
    assertTrue(e.getMessage().contains(nowhere.toHex()), e.getMessage());
  }
}
