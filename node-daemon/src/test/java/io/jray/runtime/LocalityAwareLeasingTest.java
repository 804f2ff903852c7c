package io.jray.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jray.api.ObjectRef;
import io.jray.api.Ray;
import io.jray.api.id.NodeId;
import io.jray.api.scheduling.SchedulingStrategies;
import io.jray.runtime.config.JrayConfig;
import io.jray.testing.ClusterHarness;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Locality-aware leasing (issue 19, Ray's lease policy): a task whose object-store arguments lie on another node
 * asks that node's raylet for its lease first, so a large value is not copied across for nothing. On a head (the
 * driver's node, which the default policy prefers while it is idle) and a node B, a 50 MB value made on B.
 */
class LocalityAwareLeasingTest {
  private static final int MB = 50;
  private static ClusterHarness cluster;
  private static String head;
  private static String nodeB;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = ClusterHarness.create();
    try {
      head = cluster.startHead(s -> s.withNumCpus(2.0)).nodeFile().nodeId();
      // B has room to spare: the producer's lease may still hold one of its CPUs when the consumer asks, and at half
      // its CPUs taken the hybrid policy (scheduler_spread_threshold 0.5) would rightly send new work to the idle head.
      nodeB = cluster.addNode(s -> s.withNumCpus(4.0)).nodeFile().nodeId();
      System.setProperty("jray.node_id", head); // the driver's local node is the head
      try {
        Ray.init(cluster.gcsAddress().toString());
      } finally {
        System.clearProperty("jray.node_id");
      }
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  @AfterAll
  static void stopCluster() {
    Ray.shutdown();
    cluster.close();
  }

  @Test
  void aTaskWhoseLargeArgumentWasMadeOnAnotherNodeRunsThere() {
    assertEquals(nodeB, consumerOfAValueMadeOnB(11L));
  }

  @Test
  void withoutLocalityTheSameTaskRunsOnTheDriversNode() {
    String key = JrayConfig.LOCALITY_AWARE_LEASING_ENABLED.propertyName();
    System.setProperty(key, "false");
    try {
      assertEquals(head, consumerOfAValueMadeOnB(13L), "the default policy prefers the idle local node");
    } finally {
      System.clearProperty(key);
    }
  }

  private static String consumerOfAValueMadeOnB(long seed) {
    ObjectRef<byte[]> made = Ray.task(TestFunctions::randomBytes, MB, seed)
        .setSchedulingStrategy(SchedulingStrategies.nodeAffinity(NodeId.fromHex(nodeB), false)).remote();
    assertEquals(1, Ray.wait(List.of(made), 1, 120_000).getReady().size(), "the value was made");
    return Ray.task(TestFunctions::nodeIdReading, made).remote().get(120_000);
  }
}
