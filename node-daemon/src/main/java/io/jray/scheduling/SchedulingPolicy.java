package io.jray.scheduling;

import io.jray.runtime.resources.ResourceShapes;
import io.jray.runtime.scheduling.LabelSelector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Picks the node for a task's lease or an actor (Ray's cluster resource scheduler and its policies), from plain
 * values: DEFAULT is Ray's hybrid policy, SPREAD round-robin, NODE_AFFINITY one node (hard or soft); a label
 * selector narrows the nodes each may choose. One instance per raylet and one in the GCS; synchronized, since
 * the spread policy keeps its round-robin position.
 */
public final class SchedulingPolicy {

  public enum Kind { DEFAULT, SPREAD, NODE_AFFINITY }

  /** A node as the scheduler sees it: ids are hex, labels include Ray's default ones. */
  public record Candidate(String nodeId, boolean alive, Map<String, Double> total, Map<String, Double> available,
      Map<String, String> labels) {}

  /** What to place: the resource shape and where it may go ({@code affinityNode} only for NODE_AFFINITY). */
  public record Request(Map<String, Double> shape, Kind kind, String affinityNode, boolean soft,
      LabelSelector selector) {
    public static Request ofDefault(Map<String, Double> shape) {
      return new Request(shape, Kind.DEFAULT, null, false, LabelSelector.ANY);
    }
  }

  /** The outcome of one pick. */
  public sealed interface Decision {}

  /** Run on this node: it fits the request's total; {@code roomNow} says whether it has the resources free now. */
  public record Run(String nodeId, boolean roomNow) implements Decision {}

  /** No node can ever run it (shape or selector): it waits as a demand until one joins. */
  public record Infeasible() implements Decision {}

  /** It can never run as asked (a hard affinity to a dead, unknown or too small node): fail with this sentence. */
  public record Unschedulable(String reason) implements Decision {}

  private final double spreadThreshold;
  private final double topKFraction;
  private final int topKAbsolute;
  private final Random random;
  private int spreadNext;

  public SchedulingPolicy(double spreadThreshold, double topKFraction, int topKAbsolute, Random random) {
    this.spreadThreshold = spreadThreshold;
    this.topKFraction = topKFraction;
    this.topKAbsolute = Math.max(1, topKAbsolute);
    this.random = random;
  }

  /** A policy with the tunables of {@code JrayConfig}. */
  public static SchedulingPolicy fromConfig() {
    return new SchedulingPolicy(io.jray.runtime.config.JrayConfig.SCHEDULER_SPREAD_THRESHOLD.get(),
        io.jray.runtime.config.JrayConfig.SCHEDULER_TOP_K_FRACTION.get(),
        (int) (long) io.jray.runtime.config.JrayConfig.SCHEDULER_TOP_K_ABSOLUTE.get(), new Random());
  }

  /**
   * @param nodes the cluster as known now (dead nodes may be among them)
   * @param preferred the submitter's own node (hex), preferred by the hybrid policy; null for none
   */
  public synchronized Decision pick(Request request, List<Candidate> nodes, String preferred) {
    if (request.kind() == Kind.NODE_AFFINITY) {
      Optional<Decision> affine = affinity(request, nodes);
      if (affine.isPresent()) {
        return affine.get();
      }
    }
    List<Candidate> feasible = nodes.stream().filter(Candidate::alive)
        .filter(n -> ResourceShapes.fits(n.total(), request.shape()))
        .filter(n -> request.selector().matches(n.labels()))
        .sorted(Comparator.comparing(Candidate::nodeId))
        .toList();
    if (feasible.isEmpty()) {
      return new Infeasible();
    }
    List<Candidate> roomNow = feasible.stream().filter(n -> ResourceShapes.fits(n.available(), request.shape())).toList();
    if (request.kind() == Kind.SPREAD) {
      return spread(feasible, roomNow);
    }
    return hybrid(feasible, roomNow, preferred, nodes.stream().filter(Candidate::alive).count());
  }

  /** Hard: the node, or a sentence why not; soft: the node when it has room now, else empty (the default policy). */
  private Optional<Decision> affinity(Request request, List<Candidate> nodes) {
    String id = request.affinityNode();
    Candidate target = nodes.stream().filter(n -> n.nodeId().equals(id)).findFirst().orElse(null);
    String problem = null;
    if (target == null) {
      problem = "its node affinity names node " + id + ", which is not a node of this cluster.";
    } else if (!target.alive()) {
      problem = "its node affinity names node " + id + ", which is dead.";
    } else if (!ResourceShapes.fits(target.total(), request.shape())) {
      problem = "its node affinity names node " + id + ", whose resources " + target.total()
          + " can never fit " + request.shape() + ".";
    } else if (!request.selector().matches(target.labels())) {
      problem = "its node affinity names node " + id + ", whose labels " + target.labels()
          + " do not match its label selector.";
    }
    if (request.soft()) {
      boolean roomNow = problem == null && ResourceShapes.fits(target.available(), request.shape());
      return roomNow ? Optional.of(new Run(id, true)) : Optional.empty();
    }
    return Optional.of(problem != null ? new Unschedulable(problem)
        : new Run(id, ResourceShapes.fits(target.available(), request.shape())));
  }

  /** Round-robin over the feasible nodes, taking the next one with room now, else the next one at all. */
  private Decision spread(List<Candidate> feasible, List<Candidate> roomNow) {
    int start = Math.floorMod(spreadNext++, feasible.size());
    for (int i = 0; i < feasible.size(); i++) {
      Candidate n = feasible.get((start + i) % feasible.size());
      if (roomNow.contains(n)) {
        return new Run(n.nodeId(), true);
      }
    }
    return new Run(feasible.get(start).nodeId(), false);
  }

  /**
   * Ray's hybrid policy: the preferred node while its critical utilisation is under the spread threshold (so
   * nodes pack); else a random one of the top k least loaded nodes with room now (k = max(absolute, fraction of
   * the nodes)), utilisations under the threshold counting as 0. Nothing with room now: the preferred node when
   * it fits, else the least loaded that fits, where the request waits.
   */
  private Decision hybrid(List<Candidate> feasible, List<Candidate> roomNow, String preferred, long aliveNodes) {
    Candidate local = feasible.stream().filter(n -> n.nodeId().equals(preferred)).findFirst().orElse(null);
    if (local != null && roomNow.contains(local) && score(local) == 0) {
      return new Run(local.nodeId(), true);
    }
    List<Candidate> pool = roomNow.isEmpty() ? (local != null ? List.of(local) : feasible) : roomNow;
    List<Candidate> shuffled = new ArrayList<>(pool);
    java.util.Collections.shuffle(shuffled, random);
    // Stable: ties stay in random order, so a node that just died (not yet marked) is not chosen forever.
    shuffled.sort(Comparator.comparingDouble(this::score));
    int k = (int) Math.max(topKAbsolute, Math.floor(topKFraction * aliveNodes));
    List<Candidate> top = shuffled.subList(0, Math.min(k, shuffled.size()));
    return new Run(top.get(random.nextInt(top.size())).nodeId(), !roomNow.isEmpty());
  }

  /** The node's critical (most used) resource's utilisation, 0 under the spread threshold (Ray's node score). */
  double score(Candidate node) {
    double critical = 0;
    for (Map.Entry<String, Double> e : node.total().entrySet()) {
      double total = e.getValue();
      if (total > 0) {
        double used = 1 - node.available().getOrDefault(e.getKey(), 0.0) / total;
        critical = Math.max(critical, used);
      }
    }
    return critical < spreadThreshold ? 0 : critical;
  }
}
