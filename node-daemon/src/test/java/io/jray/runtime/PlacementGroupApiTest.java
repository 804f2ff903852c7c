package io.jray.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.api.ActorHandle;
import io.jray.api.ObjectRef;
import io.jray.api.PlacementGroups;
import io.jray.api.Ray;
import io.jray.api.exception.RayActorException;
import io.jray.api.exception.RayTimeoutException;
import io.jray.api.exception.TaskCancelledException;
import io.jray.api.placementgroup.PlacementGroup;
import io.jray.api.placementgroup.PlacementGroupState;
import io.jray.api.placementgroup.PlacementStrategy;
import io.jray.proto.NodeInfo;
import io.jray.runtime.gcs.GcsClient;
import io.jray.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Placement groups on a real 2-node cluster (2 CPUs each; node 2 also has one "special"). */
@Order(6)
class PlacementGroupApiTest {
  private static final Duration LONG = Duration.ofSeconds(60);
  private static TwoNodeCluster twoNodes;
  private static GcsClient gcs;

  @BeforeAll
  static void startCluster() throws Exception {
    twoNodes = TwoNodeCluster.startWithDriver();
    gcs = twoNodes.cluster.gcs();
  }

  @AfterAll
  static void stopCluster() {
    if (twoNodes != null) {
      twoNodes.close();
    }
  }

  @Test
  void strictSpreadPutsEachBundleOnItsOwnNodeAndATaskInABundleRunsOnThatNode() {
    PlacementGroup pg = PlacementGroupFixtures.create(PlacementStrategy.STRICT_SPREAD, Map.of("CPU", 1.0), Map.of("CPU", 1.0));
    try {
      assertTrue(pg.wait(60));
      assertEquals(PlacementGroupState.CREATED, pg.getState());
      List<String> nodes = PlacementGroupFixtures.bundleNodes(gcs, pg);
      assertNotEquals(nodes.get(0), nodes.get(1));
      for (int i = 0; i < 2; i++) {
        assertEquals(nodes.get(i), Ray.task(TestFunctions::nodeId).setPlacementGroup(pg, i).remote().get(60_000));
      }
    } finally {
      PlacementGroups.removePlacementGroup(pg.getId());
    }
  }

  @Test
  void strictPackPutsEveryBundleOnOneNodeWhereItsActorsAndTasksRun() {
    PlacementGroup pg = PlacementGroupFixtures.create(PlacementStrategy.STRICT_PACK, Map.of("CPU", 0.5), Map.of("CPU", 0.5));
    try {
      assertTrue(pg.wait(60));
      List<String> nodes = PlacementGroupFixtures.bundleNodes(gcs, pg);
      assertEquals(nodes.get(0), nodes.get(1));
      ActorHandle<Counter> actor = Ray.actor(Counter::new, 0).setPlacementGroup(pg, 1).remote();
      assertEquals(nodes.get(0), actor.task(Counter::nodeId).remote().get(60_000));
      assertEquals(nodes.get(0), Ray.task(TestFunctions::nodeId).setResource("CPU", 0.5).setPlacementGroup(pg)
          .remote().get(60_000));
      assertEquals(pg.getId(), PlacementGroups.getPlacementGroup(pg.getId()).getId());
    } finally {
      PlacementGroups.removePlacementGroup(pg.getId());
    }
  }

  @Test
  void resourcesAGroupReservesAreNotUsableOutsideItUntilItIsRemoved() {
    PlacementGroup pg = PlacementGroupFixtures.create(PlacementStrategy.PACK, Map.of("special", 1.0));
    try {
      assertTrue(pg.wait(60));
      Await.until("node 2 reports its only 'special' as reserved", LONG,
          () -> special(node2()) == 0.0 && node2().getBundlesCount() == 1);
      assertEquals(twoNodes.node2, Ray.task(TestFunctions::nodeId).setResource("special", 1.0)
          .setPlacementGroup(pg, 0).remote().get(60_000));
      ObjectRef<String> outside = Ray.task(TestFunctions::nodeId).setResource("special", 1.0).remote();
      assertThrows(RayTimeoutException.class, () -> outside.get(3000), "no 'special' is free outside the group");
      PlacementGroups.removePlacementGroup(pg.getId());
      assertEquals(twoNodes.node2, outside.get(60_000), "the removal gave the resource back");
    } finally {
      PlacementGroups.removePlacementGroup(pg.getId());
    }
  }

  @Test
  void removingAGroupFreesItsBundlesAndEndsItsActors() {
    PlacementGroup pg = PlacementGroupFixtures.create(PlacementStrategy.STRICT_PACK, Map.of("CPU", 1.0, "special", 1.0));
    assertTrue(pg.wait(60));
    ActorHandle<Counter> actor = Ray.actor(Counter::new, 0).setPlacementGroup(pg, 0).remote();
    assertEquals(twoNodes.node2, actor.task(Counter::nodeId).remote().get(60_000));
    Await.until("node 2 reports the bundle's CPU as used", LONG, () -> cpu(node2()) <= 1.0);

    PlacementGroups.removePlacementGroup(pg.getId());
    assertEquals(PlacementGroupState.REMOVED, PlacementGroups.getPlacementGroup(pg.getId()).getState());
    assertFalse(pg.wait(1));
    assertEquals(PlacementGroupState.REMOVED, pg.getState());
    assertThrows(RayActorException.class, () -> {
      for (int i = 0; i < 100; i++) {
        actor.task(Counter::get).remote().get(30_000);
      }
    });
    Await.until("node 2 has its CPUs and 'special' free again, with no bundle", LONG,
        () -> cpu(node2()) == 2.0 && special(node2()) == 1.0 && node2().getBundlesCount() == 0);
    TaskCancelledException late = assertThrows(TaskCancelledException.class,
        () -> Ray.task(TestFunctions::nodeId).setPlacementGroup(pg, 0).remote().get(60_000),
        "a task submitted to a removed group fails instead of waiting forever");
    assertTrue(late.getMessage().contains("was removed"), late.getMessage());
  }

  @Test
  void badPlacementIsRefusedWithAClearMessage() {
    PlacementGroup pg = PlacementGroupFixtures.create(PlacementStrategy.PACK, Map.of("CPU", 1.0));
    try {
      IllegalArgumentException index = assertThrows(IllegalArgumentException.class,
          () -> Ray.task(TestFunctions::nodeId).setPlacementGroup(pg, 1).remote());
      assertTrue(index.getMessage().contains("has 1 bundle"), index.getMessage());
      IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class,
          () -> Ray.task(TestFunctions::nodeId).setResource("CPU", 2.0).setPlacementGroup(pg, 0).remote());
      assertTrue(tooBig.getMessage().contains("cannot hold"), tooBig.getMessage());
      String name = "pg-" + UUID.randomUUID();
      PlacementGroup named = PlacementGroupFixtures.create(name, PlacementStrategy.PACK, Map.of("CPU", 0.1));
      try {
        IllegalArgumentException duplicate = assertThrows(IllegalArgumentException.class,
            () -> PlacementGroupFixtures.create(name, PlacementStrategy.PACK, Map.of("CPU", 0.1)));
        assertTrue(duplicate.getMessage().contains(name), duplicate.getMessage());
      } finally {
        PlacementGroups.removePlacementGroup(named.getId());
      }
      assertThrows(IllegalArgumentException.class, () -> pg.wait(-1));
    } finally {
      PlacementGroups.removePlacementGroup(pg.getId());
    }
  }

  private static NodeInfo node2() {
    return gcs.getAllNodeInfo().stream()
        .filter(n -> PlacementGroupFixtures.hex(n.getNodeId()).equals(twoNodes.node2)).findFirst().orElseThrow();
  }

  private static double cpu(NodeInfo node) {
    return node.getAvailable().getAmountsOrDefault("CPU", -1);
  }

  private static double special(NodeInfo node) {
    return node.getAvailable().getAmountsOrDefault("special", -1);
  }
}
