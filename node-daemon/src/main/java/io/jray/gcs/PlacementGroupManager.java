package io.jray.gcs;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.jray.gcs.storage.Change;
import io.jray.gcs.storage.StoredTables;
import io.jray.gcs.storage.Table;
import io.jray.gcs.storage.TableStorage;
import io.grpc.Status;
import io.jray.proto.Bundle;
import io.jray.proto.BundleId;
import io.jray.proto.NodeInfo;
import io.jray.proto.NodeState;
import io.jray.proto.PlacementGroupInfo;
import io.jray.proto.PlacementGroupInfo.State;
import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.rpc.PeerChannels;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The GCS's placement group table and scheduler (Ray's GcsPlacementGroupManager): registers groups, places the
 * bundles of one group at a time on nodes by its strategy ({@link BundlePlacer}) and reserves them with the
 * raylets in two phases ({@link BundleReserver}). A group that does not fit stays PENDING and is tried again
 * periodically and whenever a node joins; the bundles of a node that dies are placed again (RESCHEDULING). On
 * removal, or when the job that created it ends, every bundle goes back to its node and the listeners hear of
 * it (the actor manager ends the group's actors). Every state change runs on the GCS's event loop and is written
 * to the table storage before it is acknowledged; {@link #bundleNodes} may be read from any thread.
 */
public final class PlacementGroupManager implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(PlacementGroupManager.class.getName());

  private final NodeManager nodes;
  private final BundleReserver reserver;
  private final ScheduledExecutorService loop;
  private final TableStorage storage;
  /** In creation order, which is the order pending groups are tried in. */
  private final Map<ByteString, Group> groups = new LinkedHashMap<>();
  private final Map<String, ByteString> named = new HashMap<>();
  private final Deque<ByteString> removed = new ArrayDeque<>();
  /** Each live group's bundle nodes, for other managers' threads. */
  private final Map<ByteString, List<ByteString>> bundleNodes = new ConcurrentHashMap<>();
  private final List<Consumer<ByteString>> removalListeners = new CopyOnWriteArrayList<>();
  /** The group whose reservation is in flight; one at a time, so no two attempts count the same free resources. */
  private Group reserving;

  /** Asked where a group of one bundle goes (the wire's schedule names one node for one shape). */
  private final io.jray.scheduling.PlacementScheduler scheduler;

  private static final class Group {
    final PlacementGroupInfo.Builder info;
    final List<CompletableFuture<Boolean>> waiters = new ArrayList<>();
    /** Bumped by every attempt and by removal, so a late answer to an old attempt is recognised. */
    int attempt;

    Group(PlacementGroupInfo.Builder info) {
      this.info = info;
    }

    boolean waitsForBundles() {
      return info.getState() == State.PENDING || info.getState() == State.RESCHEDULING;
    }

    String describe() {
      return "placement_group=" + NodeManager.hex(info.getPlacementGroupId())
          + (info.getName().isEmpty() ? "" : " name=" + info.getName());
    }
  }

  public PlacementGroupManager(NodeManager nodes, PeerChannels peers, TableStorage storage, StoredTables loaded,
      ScheduledExecutorService loop, io.jray.scheduling.PlacementScheduler scheduler) {
    this.scheduler = scheduler;
    this.nodes = nodes;
    this.reserver = new BundleReserver(peers, nodes);
    this.storage = storage;
    this.loop = loop;
    for (ByteString bytes : loaded.rows(Table.PLACEMENT_GROUPS).values()) {
      try {
        Group group = new Group(PlacementGroupInfo.parseFrom(bytes).toBuilder());
        ByteString id = group.info.getPlacementGroupId();
        groups.put(id, group);
        if (group.info.getState() == State.REMOVED) {
          removed.add(id);
        } else if (!group.info.getName().isEmpty()) {
          named.put(key(group.info.getNamespace(), group.info.getName()), id);
        }
        publish(group);
      } catch (InvalidProtocolBufferException e) {
        LOG.warning("skipping a placement group row the storage holds that does not parse: " + e.getMessage());
      }
    }
  }

  /** Starts trying the pending groups (those a previous GCS left waiting too), now and periodically. */
  public void start() {
    long retry = JrayConfig.PLACEMENT_GROUP_RETRY_MS.get();
    loop.scheduleWithFixedDelay(this::schedulePending, 0, retry, TimeUnit.MILLISECONDS);
  }

  /** Writes the group's record, before what changed is acknowledged or acted on. */
  private void persist(Group group) {
    storage.write(Change.put(Table.PLACEMENT_GROUPS, group.info.getPlacementGroupId(), group.info.build()));
  }

  /** Called with a group's id when it is removed. */
  public void onRemoved(Consumer<ByteString> listener) {
    removalListeners.add(listener);
  }

  private static String key(String namespace, String name) {
    return namespace + "\u0000" + name;
  }

  /** Registers a group (the caller made its id) and starts placing it; ALREADY_EXISTS when its name is taken. */
  public CompletableFuture<PlacementGroupInfo> create(PlacementGroupInfo request) {
    return CompletableFuture.supplyAsync(() -> {
      ByteString id = request.getPlacementGroupId();
      Group known = groups.get(id);
      if (known != null) {
        return known.info.build();
      }
      if (!request.getName().isEmpty()) {
        ByteString holder = named.get(key(request.getNamespace(), request.getName()));
        if (holder != null && groups.containsKey(holder) && groups.get(holder).info.getState() != State.REMOVED) {
          throw Status.ALREADY_EXISTS.withDescription("A placement group named '" + request.getName()
              + "' already exists in namespace '" + request.getNamespace() + "'.").asRuntimeException();
        }
        named.put(key(request.getNamespace(), request.getName()), id);
      }
      Group group = new Group(request.toBuilder().setState(State.PENDING).clearBundleNodeIds()
          .setCreateTimeMs(System.currentTimeMillis()));
      request.getBundlesList().forEach(b -> group.info.addBundleNodeIds(ByteString.EMPTY));
      persist(group);
      groups.put(id, group);
      publish(group);
      LOG.info("placement group registered " + group.describe() + " strategy=" + request.getStrategy()
          + " bundles=" + request.getBundlesCount());
      schedulePending();
      return group.info.build();
    }, loop);
  }

  public CompletableFuture<Optional<PlacementGroupInfo>> get(ByteString id) {
    return CompletableFuture.supplyAsync(() -> Optional.ofNullable(groups.get(id)).map(g -> g.info.build()), loop);
  }

  public CompletableFuture<List<PlacementGroupInfo>> all() {
    return CompletableFuture.supplyAsync(() -> groups.values().stream().map(g -> g.info.build()).toList(), loop);
  }

  /** True once the group is CREATED; false when it is removed, unknown, or {@code timeoutMs} passes first. */
  public CompletableFuture<Boolean> waitUntilReady(ByteString id, long timeoutMs) {
    CompletableFuture<Boolean> ready = new CompletableFuture<>();
    loop.execute(() -> {
      Group group = groups.get(id);
      if (group == null || !group.waitsForBundles()) {
        ready.complete(group != null && group.info.getState() == State.CREATED);
        return;
      }
      group.waiters.add(ready);
      loop.schedule(() -> {
        if (group.waiters.remove(ready)) {
          ready.complete(false);
        }
      }, timeoutMs, TimeUnit.MILLISECONDS);
    });
    return ready;
  }

  /** The nodes of a live group's bundles in index order (empty while a bundle is unplaced); empty if none such. */
  public Optional<List<ByteString>> bundleNodes(ByteString id) {
    return Optional.ofNullable(bundleNodes.get(id));
  }

  /** Gives every bundle back and ends the group; removing a removed or unknown group changes nothing. */
  public CompletableFuture<Void> remove(ByteString id) {
    return CompletableFuture.runAsync(() -> {
      Group group = groups.get(id);
      if (group != null) {
        remove(group, "removed");
      }
    }, loop);
  }

  /** The groups a job created end with it, as in Ray (they are not detached). */
  public void jobFinished(ByteString jobId) {
    loop.execute(() -> List.copyOf(groups.values()).stream()
        .filter(g -> g.info.getCreatorJobId().equals(jobId))
        .forEach(g -> remove(g, "its job finished")));
  }

  /** A node joined (a pending group may fit now) or died (its bundles are placed again). */
  public void nodeChanged(NodeInfo node) {
    loop.execute(() -> {
      if (node.getState() == NodeState.NODE_DEAD) {
        bundlesLost(node.getNodeId());
      }
      schedulePending();
    });
  }

  private void remove(Group group, String why) {
    if (group.info.getState() == State.REMOVED) {
      return;
    }
    group.info.setState(State.REMOVED);
    group.attempt++;
    for (int i = 0; i < group.info.getBundleNodeIdsCount(); i++) {
      ByteString node = group.info.getBundleNodeIds(i);
      if (!node.isEmpty()) {
        BundleId bundle = bundleId(group, i);
        nodes.get(node).filter(n -> n.getState() == NodeState.NODE_ALIVE).ifPresent(n -> reserver.cancel(n, bundle));
        group.info.setBundleNodeIds(i, ByteString.EMPTY);
      }
    }
    persist(group);
    publish(group);
    answerWaiters(group, false);
    LOG.info("placement group removed " + group.describe() + " because " + why);
    removalListeners.forEach(l -> l.accept(group.info.getPlacementGroupId()));
    removed.add(group.info.getPlacementGroupId());
    while (removed.size() > JrayConfig.REMOVED_PLACEMENT_GROUPS_KEPT.get()) {
      ByteString oldest = removed.poll();
      storage.delete(Table.PLACEMENT_GROUPS, oldest);
      groups.remove(oldest);
    }
  }

  private void bundlesLost(ByteString deadNode) {
    for (Group group : groups.values()) {
      boolean lost = false;
      for (int i = 0; i < group.info.getBundleNodeIdsCount(); i++) {
        if (group.info.getBundleNodeIds(i).equals(deadNode)) {
          group.info.setBundleNodeIds(i, ByteString.EMPTY);
          lost = true;
        }
      }
      if (lost && group.info.getState() != State.REMOVED) {
        group.info.setState(State.RESCHEDULING);
        persist(group);
        publish(group);
        LOG.warning("placement group rescheduling " + group.describe() + ": node=" + NodeManager.hex(deadNode)
            + " holding some of its bundles died");
      }
    }
  }

  /** Places the first waiting group that fits now and starts reserving it (one group in flight at a time). */
  private void schedulePending() {
    if (reserving != null) {
      return;
    }
    List<NodeInfo> alive = nodes.alive();
    List<BundlePlacer.Node> view = alive.stream()
        .map(n -> new BundlePlacer.Node(n.getNodeId(), n.getAvailable().getAmountsMap())).toList();
    for (Group group : groups.values()) {
      if (!group.waitsForBundles()) {
        continue;
      }
      Map<Integer, Map<String, Double>> toPlace = new LinkedHashMap<>();
      Map<Integer, ByteString> placed = new LinkedHashMap<>();
      for (int i = 0; i < group.info.getBundlesCount(); i++) {
        ByteString node = group.info.getBundleNodeIds(i);
        if (node.isEmpty()) {
          toPlace.put(i, group.info.getBundles(i).getAmountsMap());
        } else {
          placed.put(i, node);
        }
      }
      Optional<Map<Integer, ByteString>> placement = loneBundleExternally(group, toPlace, alive)
          .or(() -> BundlePlacer.place(group.info.getStrategy(), toPlace, placed, view));
      if (placement.isPresent()) {
        reserve(group, placement.get(), alive);
        return;
      }
    }
  }

  /**
   * A group of one bundle has no strategy to keep: an external scheduler places it like a task (a node with room
   * now). Groups of several keep the built-in placer, since the wire cannot say "together" or "apart".
   */
  private Optional<Map<Integer, ByteString>> loneBundleExternally(Group group,
      Map<Integer, Map<String, Double>> toPlace, List<NodeInfo> alive) {
    if (!scheduler.external() || group.info.getBundlesCount() != 1 || !toPlace.containsKey(0)) {
      return Optional.empty();
    }
    return scheduler.pickExternally(io.jray.scheduling.SchedulingPolicy.Request.ofDefault(toPlace.get(0)),
            alive.stream().map(io.jray.scheduling.SchedulingProtos::candidate).toList())
        .filter(io.jray.scheduling.SchedulingPolicy.Run::roomNow)
        .flatMap(run -> alive.stream().filter(n -> NodeManager.hex(n.getNodeId()).equals(run.nodeId())).findFirst())
        .map(n -> Map.of(0, n.getNodeId()));
  }

  private void reserve(Group group, Map<Integer, ByteString> placement, List<NodeInfo> alive) {
    reserving = group;
    int attempt = ++group.attempt;
    Map<NodeInfo, List<Bundle>> byNode = byNode(group, placement, alive);
    reserver.reserve(byNode).whenComplete((ok, error) -> loop.execute(() ->
        reserved(group, attempt, placement, byNode, ok != null && ok)));
  }

  private void reserved(Group group, int attempt, Map<Integer, ByteString> placement,
      Map<NodeInfo, List<Bundle>> byNode, boolean ok) {
    reserving = null;
    if (!ok) {
      return; // rolled back; the next periodic try sees the nodes' fresh resources
    }
    boolean current = attempt == group.attempt && group.waitsForBundles()
        && placement.values().stream().allMatch(nodes::isAlive);
    if (!current) {
      // Removed, or a node died, while the reservation was in flight: give back what it got.
      byNode.forEach((node, bundles) -> bundles.forEach(b -> reserver.cancel(node, b.getId())));
    } else {
      placement.forEach((i, node) -> group.info.setBundleNodeIds(i, node));
      group.info.setState(State.CREATED);
      persist(group);
      publish(group);
      answerWaiters(group, true);
      LOG.info("placement group created " + group.describe() + " on nodes " + placement.values().stream()
          .distinct().map(n -> NodeManager.hex(n).substring(0, 8)).toList());
    }
    schedulePending();
  }

  private static Map<NodeInfo, List<Bundle>> byNode(Group group, Map<Integer, ByteString> placement,
      List<NodeInfo> alive) {
    Map<ByteString, NodeInfo> byId = new HashMap<>();
    alive.forEach(n -> byId.put(n.getNodeId(), n));
    Map<NodeInfo, List<Bundle>> byNode = new LinkedHashMap<>();
    placement.forEach((i, node) -> byNode.computeIfAbsent(byId.get(node), n -> new ArrayList<>())
        .add(Bundle.newBuilder().setId(bundleId(group, i)).setResources(group.info.getBundles(i)).build()));
    return byNode;
  }

  private static BundleId bundleId(Group group, int index) {
    return BundleId.newBuilder().setPlacementGroupId(group.info.getPlacementGroupId()).setBundleIndex(index).build();
  }

  private void publish(Group group) {
    if (group.info.getState() == State.REMOVED) {
      bundleNodes.remove(group.info.getPlacementGroupId());
    } else {
      bundleNodes.put(group.info.getPlacementGroupId(), List.copyOf(group.info.getBundleNodeIdsList()));
    }
  }

  private static void answerWaiters(Group group, boolean ready) {
    List<CompletableFuture<Boolean>> waiters = new ArrayList<>(group.waiters);
    group.waiters.clear();
    waiters.forEach(w -> w.complete(ready));
  }

  @Override
  public void close() {
    // the loop is the GCS's, which shuts it down
  }
}
