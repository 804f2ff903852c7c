package io.jray.api.scheduling;

import io.jray.api.id.NodeId;
import java.util.Objects;

/**
 * Ray's {@code NodeAffinitySchedulingStrategy}: run on one node. Hard ({@code soft = false}): the
 * task or actor waits while the node is busy, and fails with an error naming the node when it is
 * dead, unknown, or can never fit the request. Soft: the node when it has room now, else anywhere
 * the default policy picks.
 */
public final class NodeAffinitySchedulingStrategy implements SchedulingStrategy {
  private final NodeId nodeId;
  private final boolean soft;

  NodeAffinitySchedulingStrategy(NodeId nodeId, boolean soft) {
    this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
    this.soft = soft;
  }

  public NodeId getNodeId() {
    return nodeId;
  }

  /** Whether another node may be used when this one is dead, unknown, full or too small. */
  public boolean isSoft() {
    return soft;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NodeAffinitySchedulingStrategy that && nodeId.equals(that.nodeId) && soft == that.soft;
  }

  @Override
  public int hashCode() {
    return Objects.hash(nodeId, soft);
  }

  @Override
  public String toString() {
    return "NodeAffinity{nodeId=" + nodeId + ", soft=" + soft + "}";
  }
}
