package io.jray.runtime.task;

import io.jray.proto.Address;
import io.jray.proto.NodeInfo;
import io.jray.proto.NodeState;
import io.jray.proto.SchedulingStrategy;
import io.jray.proto.TaskSpec;
import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.object.StoredObject;
import io.jray.runtime.resources.ResourceShapes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Locality-aware leasing (Ray's LocalityAwareLeasePolicy): a task whose object-store arguments add up to the most
 * bytes on one node asks that node's raylet for its lease first, when the node can fit its shape, so large values
 * are not copied across the network for nothing. Only for the default strategy: a placement group, a node
 * affinity, SPREAD or a label selector decides where a task runs by itself. The owner knows where its values
 * are (each stored value's reply named its store and size). {@link #preferredStore} is plain arithmetic on any
 * thread; {@link #firstRaylet} reads the node table (cached, read again in the background once stale) and runs
 * on the lease sender.
 */
final class LocalityLeasePolicy {
  /** How long a read of the GCS's node table answers for (nodes join and die far less often). */
  private static final long NODES_FRESH_MS = 2000;

  private final Supplier<List<NodeInfo>> nodes;
  private final Executor refresher;
  private volatile List<NodeInfo> cached;
  private volatile long fetchedAtMs;
  private final AtomicBoolean refreshing = new AtomicBoolean();

  /**
   * @param nodes the GCS's node table; may throw when the GCS cannot be asked, and may block while it restarts
   * @param refresher where a stale table is read again, so a GCS that restarts never holds up a lease request
   */
  LocalityLeasePolicy(Supplier<List<NodeInfo>> nodes, Executor refresher) {
    this.nodes = nodes;
    this.refresher = refresher;
  }

  /**
   * The object store holding the most bytes of the task's known argument values, or null when the task has a
   * strategy of its own, no stored argument, or locality is off.
   */
  static Address preferredStore(TaskSpec spec, Map<Integer, StoredObject> args) {
    if (args.isEmpty() || spec.hasPlacement() || !JrayConfig.LOCALITY_AWARE_LEASING_ENABLED.get()) {
      return null;
    }
    if (spec.hasScheduling() && (spec.getScheduling().getKind() != SchedulingStrategy.Kind.DEFAULT
        || !spec.getScheduling().getLabelSelectorMap().isEmpty())) {
      return null;
    }
    Map<Address, Long> bytes = new HashMap<>();
    for (StoredObject value : args.values()) {
      if (value.isStored() && value.storedSize() > 0) {
        bytes.merge(value.storedAt(), value.storedSize(), Long::sum);
      }
    }
    return bytes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
  }

  /** The raylet of the live node whose store the key prefers, when that node's total fits the shape; else null. */
  Address firstRaylet(SchedulingKey key) {
    if (key.near() == null) {
      return null;
    }
    for (NodeInfo n : nodeTable()) {
      if (n.getState() == NodeState.NODE_ALIVE && n.getNodeIp().equals(key.near().getIp())
          && n.getObjectStorePort() == key.near().getPort()
          && ResourceShapes.fits(n.getTotal().getAmountsMap(), key.shape().getAmountsMap())) {
        return Address.newBuilder().setIp(n.getNodeIp()).setPort(n.getNodeManagerPort()).build();
      }
    }
    return null;
  }

  /** The table: read here the first time, then read again in the background once stale (the stale one answers). */
  private List<NodeInfo> nodeTable() {
    List<NodeInfo> table = cached;
    if (table == null) {
      refresh();
      return cached != null ? cached : List.of();
    }
    if (System.currentTimeMillis() - fetchedAtMs > NODES_FRESH_MS && refreshing.compareAndSet(false, true)) {
      try {
        refresher.execute(() -> {
          try {
            refresh();
          } finally {
            refreshing.set(false);
          }
        });
      } catch (RejectedExecutionException closing) {
        refreshing.set(false);
      }
    }
    return table;
  }

  private void refresh() {
    try {
      List<NodeInfo> table = nodes.get();
      cached = table;
      fetchedAtMs = System.currentTimeMillis();
    } catch (RuntimeException gcsUnreachable) {
      // keep the last table: at worst the lease goes to the local raylet, which spills as usual
    }
  }
}
