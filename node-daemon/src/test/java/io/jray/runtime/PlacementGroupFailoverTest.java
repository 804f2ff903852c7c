package io.jray.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.api.Ray;
import io.jray.api.placementgroup.PlacementGroup;
import io.jray.api.placementgroup.PlacementGroupState;
import io.jray.api.placementgroup.PlacementStrategy;
import io.jray.runtime.gcs.GcsClient;
import io.jray.testing.Await;
import io.jray.testing.ClusterHarness;
import io.jray.testing.ShortHealthChecks;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Placement groups as the cluster changes: a group waits for a node that fits, and moves off a node that dies. */
@Order(7)
@ExtendWith(ShortHealthChecks.class)
class PlacementGroupFailoverTest {

  @Test
  void aGroupThatDoesNotFitStaysPendingUntilANodeThatFitsJoins() throws Exception {
    try (ClusterHarness cluster = ClusterHarness.withHead(1)) {
      Ray.init(cluster.gcsAddress().toString());
      try {
        PlacementGroup pg = PlacementGroupFixtures.create(PlacementStrategy.STRICT_SPREAD,
            Map.of("CPU", 1.0), Map.of("CPU", 1.0));
        assertFalse(pg.wait(1), "one node cannot hold two strictly spread bundles");
        assertEquals(PlacementGroupState.PENDING, pg.getState());
        String joined = cluster.addNode(spec -> spec.withNumCpus(1.0)).nodeFile().nodeId();
        assertTrue(pg.wait(60));
        assertEquals(PlacementGroupState.CREATED, pg.getState());
        assertTrue(PlacementGroupFixtures.bundleNodes(cluster.gcs(), pg).contains(joined));
      } finally {
        Ray.shutdown();
      }
    }
  }

  @Test
  void aGroupWhoseNodeIsKilledIsReservedAgainOnAnotherNode() throws Exception {
    try (FailoverCluster nodes = FailoverCluster.startWithDriver()) {
      GcsClient gcs = nodes.cluster.gcs();
      PlacementGroup pg = PlacementGroupFixtures.create(PlacementStrategy.PACK, Map.of("special", 1.0));
      assertTrue(pg.wait(60));
      String first = PlacementGroupFixtures.bundleNodes(gcs, pg).get(0);
      assertEquals(first, Ray.task(TestFunctions::nodeId).setResource("special", 1.0).setPlacementGroup(pg, 0)
          .remote().get(60_000));

      String survivor = nodes.killNode(first);
      Await.until("the bundle is reserved again on the surviving node", Duration.ofSeconds(60),
          () -> PlacementGroupFixtures.bundleNodes(gcs, pg).equals(List.of(survivor)));
      assertTrue(pg.wait(60));
      String ranOn = Ray.task(TestFunctions::nodeId).setResource("special", 1.0).setPlacementGroup(pg, 0)
          .remote().get(60_000);
      assertEquals(survivor, ranOn);
      assertNotEquals(first, ranOn);
    }
  }
}
