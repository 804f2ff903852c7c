package io.jray.gcs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.jray.proto.PlacementGroupInfo.Strategy;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The placement strategies, on made-up nodes. */
class BundlePlacerTest {
  private static final ByteString A = ByteString.copyFromUtf8("a");
  private static final ByteString B = ByteString.copyFromUtf8("b");
  private static final ByteString C = ByteString.copyFromUtf8("c");

  private static BundlePlacer.Node node(ByteString id, double cpus) {
    return new BundlePlacer.Node(id, Map.of("CPU", cpus));
  }

  private static Map<Integer, Map<String, Double>> cpus(double... amounts) {
    Map<Integer, Map<String, Double>> bundles = new LinkedHashMap<>();
    for (int i = 0; i < amounts.length; i++) {
      bundles.put(i, Map.of("CPU", amounts[i]));
    }
    return bundles;
  }

  private static Optional<Map<Integer, ByteString>> place(Strategy s, Map<Integer, Map<String, Double>> bundles,
      BundlePlacer.Node... nodes) {
    return BundlePlacer.place(s, bundles, Map.of(), List.of(nodes));
  }

  @Test
  void strictPackNeedsOneNodeThatHoldsEveryBundle() {
    assertEquals(Optional.of(Map.of(0, B, 1, B)), place(Strategy.STRICT_PACK, cpus(1, 1), node(A, 1), node(B, 2)));
    assertEquals(Optional.empty(), place(Strategy.STRICT_PACK, cpus(1, 1), node(A, 1), node(B, 1)));
  }

  @Test
  void strictPackKeepsRescheduledBundlesWithTheOthers() {
    assertEquals(Optional.of(Map.of(1, B)),
        BundlePlacer.place(Strategy.STRICT_PACK, Map.of(1, Map.of("CPU", 1.0)), Map.of(0, B), List.of(node(A, 4), node(B, 1))));
  }

  @Test
  void packUsesOneNodeWhenItCanAndFewNodesWhenItCannot() {
    assertEquals(Optional.of(Map.of(0, B, 1, B)), place(Strategy.PACK, cpus(1, 1), node(A, 1), node(B, 2)));
    Map<Integer, ByteString> spilled = place(Strategy.PACK, cpus(2, 1, 1), node(A, 3), node(B, 3), node(C, 3)).orElseThrow();
    assertEquals(2, new HashSet<>(spilled.values()).size());
  }

  @Test
  void strictSpreadPutsEachBundleOnADifferentNodeOrNowhere() {
    Map<Integer, ByteString> placed = place(Strategy.STRICT_SPREAD, cpus(1, 1), node(A, 4), node(B, 4)).orElseThrow();
    assertEquals(2, new HashSet<>(placed.values()).size());
    assertEquals(Optional.empty(), place(Strategy.STRICT_SPREAD, cpus(1, 1, 1), node(A, 4), node(B, 4)));
  }

  @Test
  void strictSpreadFindsTheLayoutAGreedyPickWouldMiss() {
    // Bundle 0 fits both nodes, bundle 1 only A: taking A for bundle 0 first would strand bundle 1.
    assertEquals(Optional.of(Map.of(0, B, 1, A)), place(Strategy.STRICT_SPREAD, cpus(1, 2), node(A, 2), node(B, 1)));
  }

  @Test
  void strictSpreadAvoidsTheNodesOfTheGroupsOtherBundles() {
    assertEquals(Optional.of(Map.of(1, B)), BundlePlacer.place(Strategy.STRICT_SPREAD, Map.of(1, Map.of("CPU", 1.0)),
        Map.of(0, A), List.of(node(A, 4), node(B, 1))));
  }

  @Test
  void spreadUsesDistinctNodesWhileThereAreAndSharesThemAfter() {
    Map<Integer, ByteString> two = place(Strategy.SPREAD, cpus(1, 1), node(A, 4), node(B, 4)).orElseThrow();
    assertEquals(2, new HashSet<>(two.values()).size());
    Map<Integer, ByteString> three = place(Strategy.SPREAD, cpus(1, 1, 1), node(A, 4), node(B, 4)).orElseThrow();
    assertEquals(3, three.size());
    assertTrue(three.values().containsAll(List.of(A, B)));
    assertEquals(Optional.empty(), place(Strategy.SPREAD, cpus(1, 5), node(A, 4), node(B, 4)));
  }
}
