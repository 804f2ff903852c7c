package io.jray.api.scheduling;

import io.jray.api.id.NodeId;

/**
 * The scheduling strategies, as Ray's Python API names them:
 *
 * <pre>{@code
 * Ray.task(Fns::work).setSchedulingStrategy(SchedulingStrategies.spread()).remote();
 * Ray.task(Fns::work).setSchedulingStrategy(SchedulingStrategies.nodeAffinity(nodeId, false)).remote();
 * Ray.actor(Counter::new).setLabelSelector(Map.of("zone", "in(a,b)")).remote();
 * }</pre>
 */
public final class SchedulingStrategies {
  private SchedulingStrategies() {}

  /** Ray's hybrid policy: pack the local node until half used, then spread to the least loaded. */
  public static SchedulingStrategy defaultStrategy() {
    return DefaultSchedulingStrategy.INSTANCE;
  }

  /** Round-robin over the nodes that fit. */
  public static SchedulingStrategy spread() {
    return SpreadSchedulingStrategy.INSTANCE;
  }

  /** Run on {@code nodeId}; {@code soft}: fall back to other nodes when it is dead, full or too small. */
  public static SchedulingStrategy nodeAffinity(NodeId nodeId, boolean soft) {
    return new NodeAffinitySchedulingStrategy(nodeId, soft);
  }
}
