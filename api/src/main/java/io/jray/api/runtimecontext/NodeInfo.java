package io.jray.api.runtimecontext;

import io.jray.api.id.NodeId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the cluster knows about one node. Immutable. Read it through public fields, as with Ray's
 * {@code NodeInfo}, or through the record-style accessors.
 */
public final class NodeInfo {

  public final NodeId nodeId;
  /** The node's IP address or host name. */
  public final String nodeAddress;
  public final boolean isAlive;
  /** The node's total resources, by name. */
  public final Map<String, Double> resources;
  public final Map<String, String> labels;

  public NodeInfo(
      NodeId nodeId,
      String nodeAddress,
      boolean isAlive,
      Map<String, Double> resources,
      Map<String, String> labels) {
    this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
    this.nodeAddress = nodeAddress;
    this.isAlive = isAlive;
    this.resources = Collections.unmodifiableMap(new LinkedHashMap<>(resources));
    this.labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
  }

  public NodeId nodeId() {
    return nodeId;
  }

  public String nodeAddress() {
    return nodeAddress;
  }

  public boolean isAlive() {
    return isAlive;
  }

  public Map<String, Double> resources() {
    return resources;
  }

  public Map<String, String> labels() {
    return labels;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof NodeInfo)) {
      return false;
    }
    NodeInfo that = (NodeInfo) other;
    return nodeId.equals(that.nodeId)
        && Objects.equals(nodeAddress, that.nodeAddress)
        && isAlive == that.isAlive
        && resources.equals(that.resources)
        && labels.equals(that.labels);
  }

  @Override
  public int hashCode() {
    return Objects.hash(nodeId, nodeAddress, isAlive, resources, labels);
  }

  @Override
  public String toString() {
    return "NodeInfo{nodeId=" + nodeId + ", nodeAddress=" + nodeAddress + ", isAlive=" + isAlive
        + ", resources=" + resources + ", labels=" + labels + "}";
  }
}
