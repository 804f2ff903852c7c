package io.jray.gcs;

import com.google.protobuf.ByteString;
import io.jray.proto.PlacementGroupInfo.Strategy;
import io.jray.runtime.resources.ResourceShapes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where the bundles of a placement group go, by strategy (Ray's bundle scheduling policies), given what each
 * live node has free. STRICT_PACK: all on one node. PACK: on one node if one fits them all, else on as few as
 * the greedy fill finds. STRICT_SPREAD: each on a different node (a matching, so a fitting layout is found
 * whenever one exists). SPREAD: on different nodes while there are, then wherever they fit. Pure: no state.
 */
final class BundlePlacer {
  /** A live node and what it has free. */
  record Node(ByteString id, Map<String, Double> available) {}

  private BundlePlacer() {}

  /**
   * @param toPlace bundles still without a node, index -> shape
   * @param placed the group's other bundles, which keep their node (index -> node): the strategy counts them
   * @return a node for every bundle of {@code toPlace}, or empty when they do not fit now
   */
  static Optional<Map<Integer, ByteString>> place(Strategy strategy, Map<Integer, Map<String, Double>> toPlace,
      Map<Integer, ByteString> placed, List<Node> nodes) {
    Map<ByteString, Map<String, Double>> free = new LinkedHashMap<>();
    nodes.forEach(n -> free.put(n.id(), new LinkedHashMap<>(n.available())));
    Set<ByteString> used = new LinkedHashSet<>(placed.values());
    return switch (strategy) {
      case STRICT_PACK -> onOneNode(toPlace, used.isEmpty() ? free.keySet() : used, free);
      case PACK -> onOneNode(toPlace, preferring(used, free.keySet()), free)
          .or(() -> greedy(toPlace, used, free, true));
      case STRICT_SPREAD -> eachOnItsOwnNode(toPlace, used, free);
      case SPREAD -> greedy(toPlace, used, free, false);
      default -> Optional.empty();
    };
  }

  /** All the bundles on the first of {@code candidates} whose free resources hold them together. */
  private static Optional<Map<Integer, ByteString>> onOneNode(Map<Integer, Map<String, Double>> toPlace,
      Set<ByteString> candidates, Map<ByteString, Map<String, Double>> free) {
    Map<String, Double> together = ResourceShapes.sum(toPlace.values());
    for (ByteString node : candidates) {
      if (free.containsKey(node) && ResourceShapes.fits(free.get(node), together)) {
        Map<Integer, ByteString> placement = new LinkedHashMap<>();
        toPlace.keySet().forEach(i -> placement.put(i, node));
        return Optional.of(placement);
      }
    }
    return Optional.empty();
  }

  /**
   * One bundle at a time, largest first: onto a node already used ({@code pack}) or not yet used (spread) when
   * one has room, else onto any node with room.
   */
  private static Optional<Map<Integer, ByteString>> greedy(Map<Integer, Map<String, Double>> toPlace,
      Set<ByteString> used, Map<ByteString, Map<String, Double>> free, boolean pack) {
    Map<Integer, ByteString> placement = new LinkedHashMap<>();
    List<Integer> order = new ArrayList<>(toPlace.keySet());
    order.sort((a, b) -> Double.compare(size(toPlace.get(b)), size(toPlace.get(a))));
    for (int index : order) {
      Map<String, Double> shape = toPlace.get(index);
      List<ByteString> preferred = free.keySet().stream().filter(n -> used.contains(n) == pack).toList();
      Optional<ByteString> node = firstWithRoom(preferred, shape, free).or(() -> firstWithRoom(free.keySet(), shape, free));
      if (node.isEmpty()) {
        return Optional.empty();
      }
      ResourceShapes.add(free.get(node.get()), shape, -1);
      used.add(node.get());
      placement.put(index, node.get());
    }
    return Optional.of(placement);
  }

  /**
   * Each bundle on a node no other bundle of the group uses: a bipartite matching of bundles to nodes with room
   * (augmenting paths), which a greedy pick could miss.
   */
  private static Optional<Map<Integer, ByteString>> eachOnItsOwnNode(Map<Integer, Map<String, Double>> toPlace,
      Set<ByteString> used, Map<ByteString, Map<String, Double>> free) {
    List<ByteString> candidates = free.keySet().stream().filter(n -> !used.contains(n)).toList();
    Map<ByteString, Integer> holder = new HashMap<>();
    for (int index : toPlace.keySet()) {
      if (!augment(index, toPlace, candidates, free, holder, new HashSet<>())) {
        return Optional.empty();
      }
    }
    Map<Integer, ByteString> placement = new LinkedHashMap<>();
    holder.forEach((node, index) -> placement.put(index, node));
    return Optional.of(placement);
  }

  private static boolean augment(int index, Map<Integer, Map<String, Double>> toPlace, List<ByteString> candidates,
      Map<ByteString, Map<String, Double>> free, Map<ByteString, Integer> holder, Set<ByteString> visited) {
    for (ByteString node : candidates) {
      if (ResourceShapes.fits(free.get(node), toPlace.get(index)) && visited.add(node)) {
        Integer other = holder.get(node);
        if (other == null || augment(other, toPlace, candidates, free, holder, visited)) {
          holder.put(node, index);
          return true;
        }
      }
    }
    return false;
  }

  private static Set<ByteString> preferring(Set<ByteString> first, Set<ByteString> all) {
    Set<ByteString> ordered = new LinkedHashSet<>(first);
    ordered.addAll(all);
    return ordered;
  }

  private static Optional<ByteString> firstWithRoom(Iterable<ByteString> nodes, Map<String, Double> shape,
      Map<ByteString, Map<String, Double>> free) {
    for (ByteString node : nodes) {
      if (ResourceShapes.fits(free.get(node), shape)) {
        return Optional.of(node);
      }
    }
    return Optional.empty();
  }

  private static double size(Map<String, Double> shape) {
    return shape.values().stream().mapToDouble(Double::doubleValue).sum();
  }
}
