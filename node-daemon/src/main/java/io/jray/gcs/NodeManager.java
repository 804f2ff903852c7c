package io.jray.gcs;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.jray.gcs.storage.Change;
import io.jray.gcs.storage.StoredTables;
import io.jray.gcs.storage.Table;
import io.jray.gcs.storage.TableStorage;
import io.jray.proto.BundleUsage;
import io.jray.proto.NodeInfo;
import io.jray.proto.NodeState;
import io.jray.proto.ResourceDemand;
import io.jray.proto.ResourceMap;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The GCS's node table: which nodes joined, their resources (total and last reported available), their
 * pending demands, and whether they are alive. Joins and deaths are written to the table storage before they
 * count; a GCS that comes back starts from the nodes it knew (their reports then refresh their resources).
 * Called from gRPC threads and the health checker; every method is synchronized on the table, which is small,
 * and listeners hear of changes after the lock is let go.
 */
public final class NodeManager {
  private static final Logger LOG = Logger.getLogger(NodeManager.class.getName());

  private final Map<ByteString, NodeInfo> nodes = new LinkedHashMap<>();
  private final Map<ByteString, List<ResourceDemand>> demands = new LinkedHashMap<>();
  private final List<Consumer<NodeInfo>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<Consumer<NodeInfo>> usageListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final TableStorage storage;
  /**
   * The table's version: raised by every change of a row (a join, a death, changed resources or bundles), so a
   * raylet's view refresh gets only what changed since its last one. The epoch names this GCS process: after a
   * restart versions start again, and a raylet that names an old epoch gets every row.
   */
  private long version;
  private final String epoch = java.util.UUID.randomUUID().toString();
  private final java.util.TreeMap<Long, ByteString> changedAt = new java.util.TreeMap<>();
  private final Map<ByteString, Long> versionOf = new java.util.HashMap<>();

  /** A node table holding nothing, kept nowhere (unit tests). */
  public NodeManager() {
    this(new io.jray.gcs.storage.MemoryStorage(), StoredTables.empty());
  }

  public NodeManager(TableStorage storage, StoredTables loaded) {
    this.storage = storage;
    loaded.rows(Table.NODES).values().forEach(bytes -> {
      try {
        NodeInfo node = NodeInfo.parseFrom(bytes);
        nodes.put(node.getNodeId(), node);
      } catch (InvalidProtocolBufferException e) {
        LOG.warning("skipping a node row the storage holds that does not parse: " + e.getMessage());
      }
    });
    // Rows written before nodes had an index get one now (written with the row's next change).
    long next = nodes.values().stream().mapToLong(NodeInfo::getNodeIndex).max().orElse(0) + 1;
    for (Map.Entry<ByteString, NodeInfo> row : nodes.entrySet()) {
      if (row.getValue().getNodeIndex() <= 0) {
        row.setValue(row.getValue().toBuilder().setNodeIndex(next++).build());
      }
    }
    nodes.keySet().forEach(this::changed);
    if (!nodes.isEmpty()) {
      LOG.info("node table loaded: " + alive().size() + " alive of " + nodes.size());
    }
  }

  /** Called with a node whenever it is added or dies. */
  public void addListener(Consumer<NodeInfo> listener) {
    listeners.add(listener);
  }

  /** Called with a live node after its raylet's report changed its available resources. */
  public void addUsageListener(Consumer<NodeInfo> listener) {
    usageListeners.add(listener);
  }

  public void register(NodeInfo node) {
    NodeInfo alive;
    synchronized (this) {
      NodeInfo known = nodes.get(node.getNodeId());
      if (known != null && known.getState() == NodeState.NODE_DEAD) {
        // Fencing: a node declared dead never comes back under its id (its work was restarted elsewhere).
        throw io.grpc.Status.FAILED_PRECONDITION.withDescription("Node " + hex(node.getNodeId()) + " was declared "
            + "dead (" + known.getDeathReason() + "); it cannot rejoin: start a new node.").asRuntimeException();
      }
      // The node's 64-bit index (the external scheduler's wire id): kept for its life, never reused.
      long index = known != null && known.getNodeIndex() > 0 ? known.getNodeIndex()
          : nodes.values().stream().mapToLong(NodeInfo::getNodeIndex).max().orElse(0) + 1;
      alive = node.toBuilder()
          .setState(NodeState.NODE_ALIVE)
          .setAvailable(node.hasAvailable() ? node.getAvailable() : node.getTotal())
          .setStartTimeMs(System.currentTimeMillis())
          .setNodeIndex(index)
          .build();
      storage.write(Change.put(Table.NODES, node.getNodeId(), alive));
      nodes.put(node.getNodeId(), alive);
      changed(node.getNodeId());
    }
    LOG.info("node registered node=" + hex(node.getNodeId()) + " ip=" + node.getNodeIp()
        + " resources=" + node.getTotal().getAmountsMap());
    notifyListeners(alive);
  }

  /** Marks a node dead; a second call for a dead node changes nothing. */
  public void markDead(ByteString nodeId, String reason) {
    NodeInfo dead;
    synchronized (this) {
      NodeInfo node = nodes.get(nodeId);
      if (node == null || node.getState() == NodeState.NODE_DEAD) {
        return;
      }
      dead = node.toBuilder()
          .setState(NodeState.NODE_DEAD)
          .setEndTimeMs(System.currentTimeMillis())
          .setDeathReason(reason)
          .build();
      storage.write(Change.put(Table.NODES, nodeId, dead));
      nodes.put(nodeId, dead);
      changed(nodeId);
      demands.remove(nodeId);
    }
    LOG.warning("node dead node=" + hex(nodeId) + " reason=" + reason);
    notifyListeners(dead);
  }

  /** A raylet's periodic report. A report from a node already declared dead, or unknown, is ignored. */
  public boolean reportUsage(ByteString nodeId, ResourceMap available, List<ResourceDemand> pending,
      List<BundleUsage> bundles) {
    NodeInfo updated;
    boolean changed;
    synchronized (this) {
      NodeInfo node = nodes.get(nodeId);
      if (node == null || node.getState() == NodeState.NODE_DEAD) {
        return false;
      }
      changed = !node.getAvailable().equals(available);
      if (changed || !node.getBundlesList().equals(bundles)) {
        updated = node.toBuilder().setAvailable(available).clearBundles().addAllBundles(bundles).build();
        nodes.put(nodeId, updated);
        changed(nodeId);
      } else {
        updated = node;
      }
      demands.put(nodeId, List.copyOf(pending));
    }
    if (changed) {
      usageListeners.forEach(l -> l.accept(updated));
    }
    return true;
  }

  /** The node's free resources as its raylet just answered them (after a bundle reservation), ahead of its report. */
  public void updateAvailable(ByteString nodeId, ResourceMap available) {
    NodeInfo updated = null;
    synchronized (this) {
      NodeInfo node = nodes.get(nodeId);
      if (node != null && node.getState() == NodeState.NODE_ALIVE && !node.getAvailable().equals(available)) {
        updated = node.toBuilder().setAvailable(available).build();
        nodes.put(nodeId, updated);
        changed(nodeId);
      }
    }
    if (updated != null) {
      NodeInfo changed = updated;
      usageListeners.forEach(l -> l.accept(changed));
    }
  }

  /** Rows as a view refresh sees them: every row, or only those changed after {@code since} in {@code epoch}. */
  public record View(List<NodeInfo> nodes, long version, String epoch, boolean changesOnly) {}

  /**
   * The rows changed after version {@code since} of epoch {@code epoch} (every row when {@code since} is 0, names
   * another epoch, or a version this table has not reached).
   */
  public synchronized View view(long since, String epoch) {
    if (since <= 0 || since > version || !this.epoch.equals(epoch)) {
      return new View(List.copyOf(nodes.values()), version, this.epoch, false);
    }
    List<NodeInfo> rows = new ArrayList<>();
    changedAt.tailMap(since, false).values().forEach(id -> rows.add(nodes.get(id)));
    return new View(rows, version, this.epoch, true);
  }

  /** Called under the lock with a row that just changed. */
  private void changed(ByteString nodeId) {
    Long previous = versionOf.put(nodeId, ++version);
    if (previous != null) {
      changedAt.remove(previous);
    }
    changedAt.put(version, nodeId);
  }

  public synchronized List<NodeInfo> all() {
    return List.copyOf(nodes.values());
  }

  public synchronized List<NodeInfo> alive() {
    return nodes.values().stream().filter(n -> n.getState() == NodeState.NODE_ALIVE).toList();
  }

  public synchronized Optional<NodeInfo> get(ByteString nodeId) {
    return Optional.ofNullable(nodes.get(nodeId));
  }

  public synchronized boolean isAlive(ByteString nodeId) {
    NodeInfo node = nodes.get(nodeId);
    return node != null && node.getState() == NodeState.NODE_ALIVE;
  }

  /** Pending demands of all live nodes, summed by shape. */
  public synchronized List<ResourceDemand> demands() {
    Map<ResourceMap, Long> byShape = new LinkedHashMap<>();
    demands.values().forEach(list -> list.forEach(d -> byShape.merge(d.getShape(), d.getCount(), Long::sum)));
    List<ResourceDemand> out = new ArrayList<>();
    byShape.forEach((shape, count) -> out.add(ResourceDemand.newBuilder().setShape(shape).setCount(count).build()));
    return out;
  }

  private void notifyListeners(NodeInfo node) {
    listeners.forEach(l -> l.accept(node));
  }

  static String hex(ByteString id) {
    return HexFormat.of().formatHex(id.toByteArray());
  }
}
