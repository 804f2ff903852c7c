package io.jray.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.runtime.scheduling.LabelSelector;
import io.jray.scheduling.SchedulingPolicy.Candidate;
import io.jray.scheduling.SchedulingPolicy.Kind;
import io.jray.scheduling.SchedulingPolicy.Request;
import io.jray.scheduling.SchedulingPolicy.Run;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The scheduling strategies, on made-up nodes. */
class SchedulingPolicyTest {
  private static final Map<String, Double> ONE_CPU = Map.of("CPU", 1.0);

  private final SchedulingPolicy policy = new SchedulingPolicy(0.5, 0.2, 1, new Random(7));

  private static Candidate node(String id, double total, double free) {
    return new Candidate(id, true, Map.of("CPU", total), Map.of("CPU", free), Map.of());
  }

  private static Candidate labelled(String id, Map<String, String> labels) {
    return new Candidate(id, true, Map.of("CPU", 4.0), Map.of("CPU", 4.0), labels);
  }

  private static Candidate dead(String id) {
    return new Candidate(id, false, Map.of("CPU", 4.0), Map.of("CPU", 4.0), Map.of());
  }

  private static Request affinity(String node, boolean soft) {
    return new Request(ONE_CPU, Kind.NODE_AFFINITY, node, soft, LabelSelector.ANY);
  }

  private String ran(Request request, List<Candidate> nodes, String local) {
    return assertInstanceOf(Run.class, policy.pick(request, nodes, local)).nodeId();
  }

  @Test
  void hybridPacksTheLocalNodeUntilHalfUsedThenGoesToTheLeastLoaded() {
    Request r = Request.ofDefault(ONE_CPU);
    List<Candidate> idle = List.of(node("a", 4, 4), node("b", 4, 4), node("c", 4, 3));
    assertEquals("a", ran(r, idle, "a"));
    assertEquals("a", ran(r, List.of(node("a", 4, 3), node("b", 4, 4), node("c", 4, 4)), "a")); // 25% used
    // Half used: past the threshold, so the least loaded other node (b, idle; c is 75% used).
    for (int i = 0; i < 20; i++) {
      assertEquals("b", ran(r, List.of(node("a", 4, 2), node("b", 4, 4), node("c", 4, 1)), "a"));
    }
  }

  @Test
  void hybridCountsUtilisationUnderTheThresholdAsZeroSoTiesSpreadAtRandom() {
    Request r = Request.ofDefault(ONE_CPU);
    Set<String> chosen = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      // The local node is full; b (25% used) and c (idle) both score 0.
      chosen.add(ran(r, List.of(node("a", 4, 0), node("b", 4, 3), node("c", 4, 4)), "a"));
    }
    assertEquals(Set.of("b", "c"), chosen);
  }

  @Test
  void hybridChoosesAtRandomAmongTheTopFifthOfTheNodes() {
    Request r = Request.ofDefault(ONE_CPU);
    List<Candidate> nodes = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      nodes.add(node("n" + i, 10, 10 - i - 3)); // n0 30% used .. n6 90% used, n7.. full
    }
    Set<String> chosen = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      chosen.add(ran(r, nodes, null));
    }
    // k = max(1, 20% of 10) = 2: the two with the lowest scores (n0 and n1 both under 0.5: score 0, n2 at 0.5).
    assertEquals(Set.of("n0", "n1"), chosen);
  }

  @Test
  void hybridWaitsOnTheLocalNodeWhenNoNodeHasRoomNow() {
    assertEquals(new Run("a", false),
        policy.pick(Request.ofDefault(ONE_CPU), List.of(node("a", 4, 0), node("b", 4, 0)), "a"));
  }

  @Test
  void aShapeNoNodeFitsIsInfeasible() {
    assertInstanceOf(SchedulingPolicy.Infeasible.class,
        policy.pick(Request.ofDefault(Map.of("CPU", 8.0)), List.of(node("a", 4, 4), node("b", 4, 4)), "a"));
  }

  @Test
  void spreadGoesRoundRobinOverNodesWithRoomAndSkipsFullOnes() {
    Request r = new Request(ONE_CPU, Kind.SPREAD, null, false, LabelSelector.ANY);
    List<Candidate> nodes = List.of(node("a", 4, 4), node("b", 4, 4), node("c", 4, 4));
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 9; i++) {
      counts.merge(ran(r, nodes, "a"), 1, Integer::sum);
    }
    assertEquals(Map.of("a", 3, "b", 3, "c", 3), counts);
    List<Candidate> bFull = List.of(node("a", 4, 4), node("b", 4, 0), node("c", 4, 4));
    for (int i = 0; i < 6; i++) {
      assertTrue(!ran(r, bFull, "a").equals("b"));
    }
  }

  @Test
  void hardAffinityRunsOnItsNodeEvenWhenBusy() {
    List<Candidate> nodes = List.of(node("a", 4, 4), node("b", 4, 0));
    assertEquals(new Run("b", false), policy.pick(affinity("b", false), nodes, "a"));
  }

  @Test
  void hardAffinityToADeadUnknownOrTooSmallNodeIsUnschedulableNamingTheNode() {
    List<Candidate> nodes = List.of(node("a", 4, 4), dead("d"), node("small", 0.5, 0.5));
    for (String target : List.of("d", "nowhere", "small")) {
      SchedulingPolicy.Unschedulable u = assertInstanceOf(SchedulingPolicy.Unschedulable.class,
          policy.pick(affinity(target, false), nodes, "a"));
      assertTrue(u.reason().contains("node " + target), u.reason());
    }
    assertTrue(((SchedulingPolicy.Unschedulable) policy.pick(affinity("d", false), nodes, "a")).reason().contains("dead"));
  }

  @Test
  void softAffinityFallsBackWhenItsNodeIsDeadOrFull() {
    assertEquals("b", ran(affinity("b", true), List.of(node("a", 4, 4), node("b", 4, 4)), "a"));
    assertEquals("a", ran(affinity("b", true), List.of(node("a", 4, 4), node("b", 4, 0)), "a"));
    assertEquals("a", ran(affinity("d", true), List.of(node("a", 4, 4), dead("d")), "a"));
  }

  @Test
  void aLabelSelectorLimitsTheNodesAndOneNoNodeMatchesIsInfeasible() {
    List<Candidate> nodes = List.of(labelled("a", Map.of("zone", "x")), labelled("b", Map.of("zone", "y")),
        labelled("c", Map.of()));
    Request inY = new Request(ONE_CPU, Kind.DEFAULT, null, false, LabelSelector.parse(Map.of("zone", "y")));
    assertEquals("b", ran(inY, nodes, "a"));
    Request spreadNotX = new Request(ONE_CPU, Kind.SPREAD, null, false, LabelSelector.parse(Map.of("zone", "!x")));
    Set<String> chosen = new HashSet<>();
    for (int i = 0; i < 4; i++) {
      chosen.add(ran(spreadNotX, nodes, "a"));
    }
    assertEquals(Set.of("b", "c"), chosen);
    Request inZ = new Request(ONE_CPU, Kind.DEFAULT, null, false, LabelSelector.parse(Map.of("zone", "in(z,w)")));
    assertInstanceOf(SchedulingPolicy.Infeasible.class, policy.pick(inZ, nodes, "a"));
  }
}
