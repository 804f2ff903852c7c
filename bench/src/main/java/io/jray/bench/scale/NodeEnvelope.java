package io.jray.bench.scale;

import io.jray.api.ActorHandle;
import io.jray.api.PlacementGroups;
import io.jray.api.Ray;
import io.jray.api.options.PlacementGroupCreationOptions;
import io.jray.api.placementgroup.PlacementGroup;
import io.jray.proto.ActorState;
import io.jray.proto.NodeInfo;
import io.jray.proto.NodeState;
import io.jray.runtime.gcs.GcsClient;
import io.jray.runtime.rpc.AuthToken;
import io.jray.runtime.rpc.HostPort;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The node rows of the scalability envelope: simulated nodes join a real head in steps; at each size the GCS's heap
 * after a full GC, its CPU while the nodes report, the status RPC (timed here) and the whole {@code jray status} and
 * {@code jray list nodes} commands; at one size the time to detect a killed node, and the actor placement and
 * placement group rates over those nodes.
 */
final class NodeEnvelope {
  /** What every simulated node offers: a 16-CPU machine. */
  static final Map<String, Double> NODE = Map.of("CPU", 16.0, "memory", 64e9, "object_store_memory", 19e9);

  private final ScaleBench.Settings settings;
  private final ScaleBench.Output out;
  private final GcsClient gcs;
  private final ProcessProbe gcsProcess;

  NodeEnvelope(ScaleBench.Settings settings, ScaleBench.Output out) {
    this.settings = settings;
    this.out = out;
    this.gcs = new GcsClient(settings.gcs(), AuthToken.find());
    this.gcsProcess = new ProcessProbe(settings.gcsPid());
  }

  void run() throws Exception {
    Ray.init(settings.gcs().toString());
    try (SimulatedCluster cluster = new SimulatedCluster(settings.gcs(), AuthToken.find())) {
      for (int size : settings.nodeSizes()) {
        long start = System.nanoTime();
        cluster.growTo(size, NODE);
        waitAlive(size + 1);
        out.figure("join_s_to_" + size + "_nodes", (System.nanoTime() - start) / 1e9);
        long deadline = System.currentTimeMillis() + 300_000;
        while (cluster.withoutView() > 0 && System.currentTimeMillis() < deadline) {
          Thread.sleep(100);
        }
        out.figure("every_view_s_at_" + size + "_nodes", (System.nanoTime() - start) / 1e9);
        // Two report periods more: every node has reported at this size; then the cluster is at rest.
        Thread.sleep(1000);
        measureAt(size, cluster);
        if (size == settings.detectAt()) {
          placeActors(size);
          placeGroups(size);
          detectDeadNode(size, cluster);
        }
      }
    } finally {
      Ray.shutdown();
      gcs.close();
    }
  }

  /** The status RPC's median over five calls after one not counted. */
  private double statusMs(int size) {
    List<Double> rpc = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      long start = System.nanoTime();
      int nodes = gcs.getClusterStatus().getNodesCount();
      rpc.add((System.nanoTime() - start) / 1e6);
      if (nodes < size) {
        throw new IllegalStateException("the status lists " + nodes + " nodes, fewer than " + size);
      }
    }
    return ScaleBench.median(rpc.subList(1, rpc.size()));
  }

  private void measureAt(int size, SimulatedCluster cluster) throws Exception {
    out.figure("status_ms_at_" + size + "_nodes", statusMs(size));
    out.figure("status_command_ms_at_" + size + "_nodes", settings.timeCommand("status"));
    out.figure("list_nodes_command_ms_at_" + size + "_nodes", settings.timeCommand("list", "nodes", "--limit=0"));
    // At rest (reports only as keepalives), then busy: every node's resources changing every report period.
    long reports = cluster.reports.sum();
    out.figure("gcs_cpu_pct_at_rest_at_" + size + "_nodes", gcsProcess.cpuPercentOver(5));
    out.figure("node_reports_per_s_at_rest_at_" + size + "_nodes", (cluster.reports.sum() - reports) / 5.0);
    cluster.busy(true);
    Thread.sleep(1000);
    reports = cluster.reports.sum();
    out.figure("gcs_cpu_pct_busy_at_" + size + "_nodes", gcsProcess.cpuPercentOver(5));
    out.figure("node_reports_per_s_busy_at_" + size + "_nodes", (cluster.reports.sum() - reports) / 5.0);
    out.figure("status_ms_busy_at_" + size + "_nodes", statusMs(size));
    cluster.busy(false);
    out.figure("gcs_heap_mb_at_" + size + "_nodes", gcsProcess.usedHeapAfterGcMb());
    out.figure("gcs_rss_mb_at_" + size + "_nodes", gcsProcess.rssMb());
    out.note("at " + size + " nodes: " + cluster.failedReports.sum() + " reports failed so far");
  }

  private void waitAlive(int count) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 120_000;
    while (alive() < count) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("the GCS lists " + alive() + " live nodes after 120 s, not " + count);
      }
      Thread.sleep(100);
    }
  }

  /** Live nodes as the GCS lists them; -1 while it is too busy to answer within the call's deadline. */
  private long alive() {
    try {
      return gcs.getAllNodeInfo().stream().filter(n -> n.getState() == NodeState.NODE_ALIVE).count();
    } catch (io.grpc.StatusRuntimeException busy) {
      out.note("the GCS did not list its nodes: " + busy.getStatus().getCode());
      return -1;
    }
  }

  /** A node killed as with -9 (its port closed): the time until the GCS lists it dead. */
  private void detectDeadNode(int size, SimulatedCluster cluster) throws InterruptedException {
    SimulatedNode victim = cluster.nodes().get(cluster.size() / 2);
    long start = System.nanoTime();
    victim.kill();
    long deadline = System.currentTimeMillis() + 120_000;
    while (System.currentTimeMillis() < deadline) {
      NodeInfo row = gcs.getAllNodeInfo().stream().filter(n -> n.getNodeId().equals(victim.id())).findFirst()
          .orElseThrow();
      if (row.getState() == NodeState.NODE_DEAD) {
        out.figure("dead_node_detect_s_at_" + size + "_nodes", (System.nanoTime() - start) / 1e9);
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the GCS did not see the killed node die within 120 s");
  }

  /** Actors of one CPU each, created at once; the rate until the GCS lists every one alive on a simulated node. */
  private void placeActors(int size) throws InterruptedException {
    int count = settings.placedActors();
    long start = System.nanoTime();
    List<ActorHandle<ScaleActor>> actors = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      actors.add(Ray.actor(ScaleActor::new).setResource("CPU", 1.0).remote());
    }
    Set<com.google.protobuf.ByteString> ids = new HashSet<>();
    actors.forEach(a -> ids.add(com.google.protobuf.ByteString.copyFrom(a.getId().getBytes())));
    long deadline = System.currentTimeMillis() + 300_000;
    while (gcs.getAllActorInfo().stream()
        .filter(a -> ids.contains(a.getActorId()) && a.getState() == ActorState.ACTOR_ALIVE).count() < count) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("the actors were not all alive within 300 s");
      }
      Thread.sleep(20);
    }
    out.figure("actor_placements_per_s_at_" + size + "_nodes", count / ((System.nanoTime() - start) / 1e9));
    actors.forEach(a -> a.kill());
  }

  /** Groups of one 1-CPU bundle, created, waited for, then removed: the rates of both. */
  private void placeGroups(int size) {
    int count = settings.placedGroups();
    PlacementGroupCreationOptions options =
        new PlacementGroupCreationOptions.Builder().setBundles(List.of(Map.of("CPU", 1.0))).build();
    long start = System.nanoTime();
    List<PlacementGroup> groups = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      groups.add(PlacementGroups.createPlacementGroup(options));
    }
    for (PlacementGroup group : groups) {
      if (!group.wait(60)) {
        throw new IllegalStateException("placement group " + group.getId() + " was not ready within 60 s");
      }
    }
    out.figure("placement_groups_created_per_s_at_" + size + "_nodes", count / ((System.nanoTime() - start) / 1e9));
    start = System.nanoTime();
    groups.forEach(g -> PlacementGroups.removePlacementGroup(g.getId()));
    out.figure("placement_groups_removed_per_s_at_" + size + "_nodes", count / ((System.nanoTime() - start) / 1e9));
  }
}
