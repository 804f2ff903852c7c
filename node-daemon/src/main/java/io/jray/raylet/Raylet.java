package io.jray.raylet;

import io.jray.runtime.process.DaemonThreads;
import com.google.protobuf.ByteString;
import io.grpc.BindableService;
import io.jray.node.SessionLayout;
import io.jray.proto.JobInfo;
import io.jray.proto.JobState;
import io.jray.proto.NodeInfo;
import io.jray.proto.ReportResourceUsageReply;
import io.jray.proto.ReportResourceUsageRequest;
import io.jray.proto.ResourceMap;
import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.gcs.GcsClient;
import io.jray.runtime.rpc.AuthToken;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Wires the raylet: registers the node with the GCS, reports its resources periodically, and serves the
 * NodeManager service. On shutdown it tells the GCS the node is leaving.
 */
final class Raylet implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Raylet.class.getName());

  private final CoreWorkerMetricsStore coreWorkerMetrics;
  private final RayletConfig config;
  private final GcsClient gcs;
  private final NodeView view = new NodeView();
  private final LocalResources resources;
  private final PlacementGroupResources bundles;
  private final WorkerPool pool;
  private final LeaseManager leases;
  private final SessionLogs logs;
  private final ScheduledExecutorService reporter =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("resource-report"));
  /** When a report last reached the GCS (the reporter thread alone writes it). */
  private long lastReachedGcsMs = System.currentTimeMillis();
  /** Whether the last report failed: the GCS is away (restarting, or gone). */
  private boolean gcsAway;
  private NodeInfo registered;
  private String clusterId = "";
  /** Set when the raylet ends because no GCS answers: its shutdown then does not wait on one to say goodbye. */
  private volatile boolean gcsUnreachable;

  Raylet(RayletConfig config, AuthToken token) {
    this.config = config;
    this.gcs = new GcsClient(config.gcsAddress(), token);
    this.resources = new LocalResources(config.resources());
    this.bundles = new PlacementGroupResources(resources);
    // The pool reports deaths to the lease manager, which needs the pool: wire through a forward reference.
    LeaseManager[] leaseManager = new LeaseManager[1];
    this.pool = new WorkerPool(config, token, worker -> leaseManager[0].workerDied(worker));
    Path packageCache = Path.of(config.sessionDir()).getParent().resolve("package_cache");
    this.leases = new LeaseManager(resources, bundles, pool, ByteString.copyFrom(config.nodeId()),
        new JobPackageCache(gcs, packageCache), labels(config), io.jray.scheduling.SchedulingPolicy.fromConfig());
    leaseManager[0] = leases;
    leases.refreshViewWith(this::refreshView);
    Path sessionDir = Path.of(config.sessionDir());
    // Three report periods of silence: the process ended (its counters stay in the sums).
    this.coreWorkerMetrics = new CoreWorkerMetricsStore(System::currentTimeMillis,
        3 * JrayConfig.METRICS_REPORT_INTERVAL_MS.get());
    this.logs = new SessionLogs(new SessionLayout(sessionDir.getParent(), sessionDir).logsDir());
  }

  /** The node's labels: those given to {@code jray start --labels} and Ray's default {@code ray.io/node-id}. */
  private static Map<String, String> labels(RayletConfig config) {
    Map<String, String> labels = new java.util.HashMap<>(config.labels());
    labels.put(io.jray.runtime.scheduling.LabelSelector.NODE_ID_LABEL, java.util.HexFormat.of().formatHex(config.nodeId()));
    return labels;
  }

  /** Exports the node's resources, workers and host use in this process's metrics (once: the daemon's). */
  void exportMetrics() {
    RayletMetrics.register(io.prometheus.metrics.model.registry.PrometheusRegistry.defaultRegistry, resources, pool,
        new io.jray.node.metrics.HostStats(Path.of(config.sessionDir())));
    io.prometheus.metrics.model.registry.PrometheusRegistry.defaultRegistry.register(coreWorkerMetrics);
  }

  List<BindableService> services() {
    return List.of(new NodeManagerService(ByteString.copyFrom(config.nodeId()), resources, bundles, leases, pool,
        logs, coreWorkerMetrics));
  }

  /** Registers with the GCS; if the GCS refuses or cannot be reached, the raylet exits (the launcher reports it). */
  void start(int port, List<String> metricsTargets) {
    pool.setRayletPort(port);
    NodeInfo node = NodeInfo.newBuilder()
        .setNodeId(ByteString.copyFrom(config.nodeId()))
        .setNodeIp(config.nodeIp())
        .setNodeManagerPort(port)
        .setObjectStorePort(config.objectStorePort())
        .setTotal(ResourceMap.newBuilder().putAllAmounts(config.resources()))
        .putAllLabels(labels(config))
        .setIsHead(config.head())
        .setSessionDir(config.sessionDir())
        .setHostname(hostname())
        .addAllMetricsTargets(metricsTargets)
        .build();
    var reply = gcs.registerNode(node);
    clusterId = reply.getClusterId();
    externalScheduler(reply.getExternalScheduler());
    registered = node;
    // Workers ahead of demand, once the node is part of the cluster (not competing with its own start).
    pool.fillWarm();
    long period = JrayConfig.RESOURCE_REPORT_PERIOD_MS.get();
    reporter.scheduleWithFixedDelay(this::report, period, period, TimeUnit.MILLISECONDS);
  }

  /** What this raylet last reported (without its view's version), and when: unchanged, it is sent only as keepalive. */
  private ReportResourceUsageRequest lastReport;
  private long lastReportMs;

  /**
   * Reports resources and demands to the GCS when they changed (else every {@code resource_report_keepalive_ms}),
   * takes in the cluster view's changes its reply carries, and ends finished jobs' workers.
   */
  private void report() {
    try {
      // A silent GCS (a partition) holds the call to its deadline: never past the reconnect timeout.
      long left = JrayConfig.GCS_RECONNECT_TIMEOUT_MS.get() - (System.currentTimeMillis() - lastReachedGcsMs);
      long deadline = Math.max(500, Math.min(JrayConfig.RPC_TIMEOUT_MS.get(), left));
      ReportResourceUsageRequest content = ReportResourceUsageRequest.newBuilder()
          .setNodeId(ByteString.copyFrom(config.nodeId()))
          .setAvailable(ResourceMap.newBuilder().putAllAmounts(resources.available()))
          .addAllDemands(leases.demands())
          .addAllBundles(bundles.usage())
          .build();
      long now = System.currentTimeMillis();
      if (content.equals(lastReport) && now - lastReportMs < JrayConfig.RESOURCE_REPORT_KEEPALIVE_MS.get()) {
        endFinishedJobs();
        return;
      }
      ReportResourceUsageReply reply = gcs.reportResourceUsage(deadline, content.toBuilder()
          .setViewSinceVersion(view.version()).setViewEpoch(view.epoch()).build());
      lastReport = content;
      lastReportMs = now;
      lastReachedGcsMs = System.currentTimeMillis();
      externalScheduler(reply.getExternalScheduler());
      if (gcsAway) {
        gcsAway = false;
        LOG.info("the GCS at " + config.gcsAddress() + " answers again");
      }
      if (!reply.getClusterId().isEmpty() && !clusterId.isEmpty() && !reply.getClusterId().equals(clusterId)) {
        // A new cluster at the old address (its GCS came back without its storage): this node's work is gone.
        exit("the GCS at " + config.gcsAddress() + " now serves another cluster (id " + reply.getClusterId()
            + ", this node joined " + clusterId + ")");
        return;
      }
      if (reply.getUnknownNode()) {
        LOG.info("the GCS does not know this node (it came back without it); registering again");
        gcs.registerNode(registered);
        lastReport = null; // reported again at the next period, its view with it
        return;
      }
      if (reply.getNodeDead()) {
        // Fencing: what ran here was restarted elsewhere while this node was unreachable; an actor must never
        // have two live instances, so the node ends (its workers with it) and never rejoins.
        exit("the GCS declared this node dead (" + reply.getDeathReason() + ")");
        return;
      }
      if (reply.hasView()) {
        view.apply(reply.getView());
        leases.updateView(view.nodes());
      } else {
        lastReport = null; // the GCS gave no view this time (many nodes joining): asked again at the next period
      }
      endFinishedJobs();
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "resource report failed", e);
      if (!gcsAway) {
        gcsAway = true;
        LOG.warning("the GCS at " + config.gcsAddress() + " does not answer (" + e.getMessage() + "); retrying for up "
            + "to " + JrayConfig.GCS_RECONNECT_TIMEOUT_MS.get() / 1000 + " s (gcs_reconnect_timeout_ms)");
      }
      // Reconnect at the next report rather than after gRPC's own growing backoff: a GCS restarts in seconds.
      gcs.channel().resetConnectBackoff();
      long silent = System.currentTimeMillis() - lastReachedGcsMs;
      if (silent > JrayConfig.GCS_RECONNECT_TIMEOUT_MS.get()) {
        gcsUnreachable = true;
        exit("no GCS answered at " + config.gcsAddress() + " for " + silent / 1000 + " s (gcs_reconnect_timeout_ms)");
      }
    }
  }

  /** The view brought up to date at once, outside the report period (a lease names a node it does not know). */
  private void refreshView() {
    try {
      view.apply(gcs.nodeView(view.version(), view.epoch(), JrayConfig.RPC_TIMEOUT_MS.get()));
      leases.updateView(view.nodes());
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "view refresh failed", e);
    }
  }

  /** A finished job's workers end (its driver left): asked of the GCS only while this node runs some job's workers. */
  private void endFinishedJobs() {
    Set<ByteString> running = pool.jobs();
    if (!running.isEmpty()) {
      for (JobInfo job : gcs.getAllJobInfo()) {
        if (job.getState() == JobState.JOB_FINISHED && running.contains(job.getJobId())) {
          pool.killJob(job.getJobId());
        }
      }
    }
  }

  private static final long PICK_NODE_MARGIN_MS = 200;
  private static final long SKIP_EXTERNAL_AFTER_FAILURE_MS = 3000;
  /** After a failed PickNode, leases are left to the built-in policy until then (not a deadline per lease). */
  private volatile long skipExternalUntilMs;

  /** Whether leases ask the GCS's external scheduler where to go (the GCS says so in its replies). */
  private void externalScheduler(boolean on) {
    leases.useExternalScheduler(on ? this::askExternalScheduler : null);
  }

  /** One extra hop: the GCS asks its external scheduler; any failure leaves the lease to the built-in policy. */
  private java.util.Optional<String> askExternalScheduler(io.jray.proto.RequestWorkerLeaseRequest request) {
    if (System.currentTimeMillis() < skipExternalUntilMs) {
      return java.util.Optional.empty();
    }
    try {
      // The scheduler's own deadline and a hop's margin: a hung GCS must not hold every lease for rpc_timeout_ms.
      ByteString node = gcs.pickNode(request.getShape(), ByteString.copyFrom(config.nodeId()),
          JrayConfig.EXTERNAL_SCHEDULER_TIMEOUT_MS.get() + PICK_NODE_MARGIN_MS);
      return node.isEmpty() ? java.util.Optional.empty()
          : java.util.Optional.of(java.util.HexFormat.of().formatHex(node.toByteArray()));
    } catch (RuntimeException e) {
      skipExternalUntilMs = System.currentTimeMillis() + SKIP_EXTERNAL_AFTER_FAILURE_MS;
      LOG.fine("the GCS did not say where the lease goes (" + e.getMessage() + "); the built-in policy decides for "
          + SKIP_EXTERNAL_AFTER_FAILURE_MS + " ms");
      return java.util.Optional.empty();
    }
  }

  /** Ends this raylet; its shutdown stops the workers, and the node's reaper ends the other daemons. */
  private void exit(String why) {
    LOG.severe("exiting: " + why);
    reporter.shutdown();
    // Not on this thread: System.exit runs the shutdown hooks, which stop this reporter and would wait for it.
    Thread stopper = new Thread(() -> System.exit(1), "raylet-exit");
    stopper.start();
  }

  private static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "";
    }
  }

  @Override
  public void close() {
    reporter.shutdownNow();
    logs.close();
    pool.close();
    // After a partition a goodbye would only wait out its deadline (and the GCS has declared the node dead).
    if (!gcsUnreachable) {
      try {
        gcs.unregisterNode(ByteString.copyFrom(config.nodeId()), "node stopped");
      } catch (RuntimeException e) {
        LOG.info("could not tell the GCS this node is leaving: " + e.getMessage());
      }
    }
    gcs.close();
  }
}
