package io.jray.raylet;

import com.google.protobuf.ByteString;
import io.jray.proto.GetAllNodeInfoReply;
import io.jray.proto.NodeInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A raylet's copy of the GCS's node table, kept current by refreshes that carry only the rows changed since the
 * last one (a cluster at rest sends nothing; one of thousands of nodes sends what moved, not every row to every
 * raylet twice a second). A reply of every row replaces the copy (the first, or after the GCS came back).
 */
final class NodeView {
  private final Map<ByteString, NodeInfo> rows = new LinkedHashMap<>();
  private long version;
  private String epoch = "";
  private List<NodeInfo> nodes = List.of();

  synchronized long version() {
    return version;
  }

  synchronized String epoch() {
    return epoch;
  }

  /** Takes in a refresh; true when a row changed. */
  synchronized boolean apply(GetAllNodeInfoReply reply) {
    if (reply.getChangesOnly() && reply.getViewEpoch().equals(epoch) && reply.getVersion() < version) {
      return false; // an answer overtaken by a newer one (a refresh on demand beside the periodic report)
    }
    if (!reply.getChangesOnly()) {
      rows.clear();
    }
    reply.getNodesList().forEach(n -> rows.put(n.getNodeId(), n));
    version = reply.getVersion();
    epoch = reply.getViewEpoch();
    boolean changed = !reply.getChangesOnly() || reply.getNodesCount() > 0;
    if (changed) {
      nodes = List.copyOf(rows.values());
    }
    return changed;
  }

  /** Every node as last refreshed, in the order they joined. */
  synchronized List<NodeInfo> nodes() {
    return nodes;
  }
}
