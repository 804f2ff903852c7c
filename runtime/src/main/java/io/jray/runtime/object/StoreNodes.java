package io.jray.runtime.object;

import io.jray.proto.Address;
import io.jray.proto.NodeInfo;
import io.jray.proto.NodeState;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Which node an object store belongs to, and whether that node is still alive, from the GCS's node table (an
 * object store is named by its node's IP and store port). Asked only when a copy could not be read, so it does
 * not cache. Thread-safe.
 */
public final class StoreNodes {
  private final Supplier<List<NodeInfo>> nodes;

  /** @param nodes the GCS's node table; may throw when the GCS cannot be asked */
  public StoreNodes(Supplier<List<NodeInfo>> nodes) {
    this.nodes = nodes;
  }

  /** Whether the GCS has declared the store's node dead; false when it cannot be asked or does not know it. */
  public boolean isDead(Address store) {
    return node(store).map(n -> n.getState() == NodeState.NODE_DEAD).orElse(false);
  }

  /** The store's node as a user reads it: "node <id> (<ip>)", or the store's address when it is not known. */
  public String describe(Address store) {
    return node(store).map(n -> "node " + java.util.HexFormat.of().formatHex(n.getNodeId().toByteArray())
        + " (" + n.getNodeIp() + ")").orElse("the node with the object store at " + store.getIp() + ":"
        + store.getPort());
  }

  private Optional<NodeInfo> node(Address store) {
    try {
      // The newest entry for that address: a node restarted on the same ports is a new one.
      NodeInfo found = null;
      for (NodeInfo n : nodes.get()) {
        if (n.getNodeIp().equals(store.getIp()) && n.getObjectStorePort() == store.getPort()
            && (found == null || n.getStartTimeMs() >= found.getStartTimeMs())) {
          found = n;
        }
      }
      return Optional.ofNullable(found);
    } catch (RuntimeException gcsUnreachable) {
      return Optional.empty();
    }
  }
}
