package io.jray.scheduling;

import io.jray.proto.NodeInfo;
import io.jray.proto.NodeState;
import io.jray.proto.SchedulingStrategy;
import io.jray.runtime.scheduling.LabelSelector;
import java.util.HexFormat;
import java.util.Map;

/** Translates the wire's strategies and nodes into {@link SchedulingPolicy}'s plain values. */
public final class SchedulingProtos {
  private SchedulingProtos() {}

  /**
   * The request for {@code shape} under {@code strategy} (null or unset: the default on any node).
   *
   * @throws IllegalArgumentException when its label selector is not in Ray's syntax
   */
  public static SchedulingPolicy.Request request(Map<String, Double> shape, SchedulingStrategy strategy) {
    if (strategy == null) {
      return SchedulingPolicy.Request.ofDefault(shape);
    }
    SchedulingPolicy.Kind kind = switch (strategy.getKind()) {
      case SPREAD -> SchedulingPolicy.Kind.SPREAD;
      case NODE_AFFINITY -> SchedulingPolicy.Kind.NODE_AFFINITY;
      default -> SchedulingPolicy.Kind.DEFAULT;
    };
    String node = kind == SchedulingPolicy.Kind.NODE_AFFINITY
        ? HexFormat.of().formatHex(strategy.getNodeId().toByteArray()) : null;
    return new SchedulingPolicy.Request(shape, kind, node, strategy.getSoft(),
        LabelSelector.parse(strategy.getLabelSelectorMap()));
  }

  public static SchedulingPolicy.Candidate candidate(NodeInfo n) {
    return new SchedulingPolicy.Candidate(HexFormat.of().formatHex(n.getNodeId().toByteArray()),
        n.getState() == NodeState.NODE_ALIVE, n.getTotal().getAmountsMap(), n.getAvailable().getAmountsMap(),
        n.getLabelsMap());
  }
}
