package io.jray.gcs;

import io.grpc.BindableService;
import io.jray.gcs.dashboard.ClusterView;
import io.jray.gcs.dashboard.DashboardServer;
import io.jray.gcs.dashboard.JobsApi;
import io.jray.gcs.storage.ClusterIdentity;
import io.jray.gcs.storage.FailStopStorage;
import io.jray.gcs.storage.StoredTables;
import io.jray.gcs.storage.TableStorage;
import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.process.DaemonThreads;
import io.jray.runtime.rpc.AuthToken;
import io.jray.runtime.rpc.PeerChannels;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Builds the GCS's managers over its table storage (loading what a previous GCS left there) and the gRPC
 * services that front them; no logic of its own. The actor, placement group and job managers share one
 * event-loop thread.
 */
public final class GcsServer implements AutoCloseable {
  private final TableStorage storage;
  private final ClusterIdentity identity;
  private final ScheduledExecutorService loop =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("gcs-loop"));
  private final NodeManager nodeManager;
  private final KvManager kvManager;
  private final JobManager jobManager;
  private final TaskEventManager taskEvents = new TaskEventManager();
  private final HealthChecker healthChecker;
  private final PeerChannels peers;
  private final PlacementGroupManager placementGroups;
  private final ActorManager actorManager;
  private final JobSubmissionManager jobSubmissions;
  private final List<BindableService> services;
  private final MetricsDiscoveryFile discovery;
  private final io.jray.scheduling.PlacementScheduler scheduler;
  private final PackageStore packages;
  private final String clusterSession;
  private volatile String dashboardUrl = "";

  /**
   * @param sessionDir where code packages (job jars) and submitted jobs' logs are kept
   * @param address this GCS's own address, which submitted drivers connect to
   * @param storage where the tables live; a write it does not take stops this process at once
   * @throws io.jray.gcs.storage.StorageException when the storage holds another cluster's state
   */
  public GcsServer(AuthToken token, String clusterSession, Path sessionDir, String address, TableStorage storage) {
    this.storage = new FailStopStorage(storage, () -> Runtime.getRuntime().halt(1));
    StoredTables loaded = storage.load();
    this.identity = ClusterIdentity.establish(storage, loaded, token);
    this.nodeManager = new NodeManager(this.storage, loaded);
    this.kvManager = new KvManager(this.storage, loaded);
    this.jobManager = new JobManager(this.storage, loaded, loop);
    // Jobs' code outlives the session with durable storage: a head started again over it (a new session) still
    // has the jars its running jobs' new workers need.
    Path packagesRoot = storage.localFolder().orElse(storage.durable()
        ? sessionDir.toAbsolutePath().getParent().resolve("gcs") : sessionDir);
    this.packages = new PackageStore(packagesRoot, System.getProperty("java.class.path"));
    this.clusterSession = clusterSession;
    this.jobSubmissions = new JobSubmissionManager(sessionDir, packages, address, token, this.storage, loaded);
    this.healthChecker = new HealthChecker(nodeManager, token);
    this.peers = new PeerChannels(token);
    this.scheduler = SchedulerChoice.fromConfig(nodeManager);
    this.placementGroups = new PlacementGroupManager(nodeManager, peers, this.storage, loaded, loop, scheduler);
    this.actorManager = new ActorManager(nodeManager, placementGroups, peers, this.storage, loaded, loop, scheduler);
    nodeManager.addListener(placementGroups::nodeChanged);
    nodeManager.addListener(actorManager::nodeChanged);
    placementGroups.onRemoved(actorManager::placementGroupRemoved);
    jobManager.onFinish(actorManager::jobFinished);
    jobManager.onFinish(placementGroups::jobFinished);
    jobManager.onFinish(taskEvents::jobFinished);
    this.discovery = new MetricsDiscoveryFile(sessionDir.toAbsolutePath().getParent(), nodeManager);
    nodeManager.addListener(node -> discovery.changed());
    GcsInfo info = new GcsInfo(storage.describe(), identity, () -> dashboardUrl);
    this.services = List.of(new NodeInfoService(nodeManager, clusterSession, info, scheduler), new InternalKvService(kvManager),
        new JobInfoService(jobManager), new ActorInfoService(actorManager), new JobSubmissionService(jobSubmissions),
        new TaskInfoService(taskEvents), new PlacementGroupInfoService(placementGroups),
        new PackageService(packages, Math.toIntExact(JrayConfig.PACKAGE_CHUNK_BYTES.get())));
  }

  /** Exports the GCS's tables as metrics in this process's registry (once: the daemon's). */
  public void exportMetrics() {
    GcsMetrics.register(io.prometheus.metrics.model.registry.PrometheusRegistry.defaultRegistry, nodeManager,
        actorManager, placementGroups, jobManager, taskEvents, healthChecker);
  }

  /**
   * Serves the dashboard and Ray's job REST API on {@code host:port} (0: any free port) over this GCS's tables.
   * It lives in the GCS, not a process of its own: everything it shows and runs is here, so it needs no client
   * of its own, costs no JVM, and comes back with a GCS the reaper restarts.
   *
   * @param nodeIp what the URL names when the dashboard listens on every interface
   */
  public DashboardServer startDashboard(String host, int port, String nodeIp, AuthToken token)
      throws java.io.IOException {
    ClusterView view = new ClusterView(nodeManager, jobManager, jobSubmissions, actorManager, taskEvents,
        placementGroups);
    String version = java.util.Objects.requireNonNullElse(GcsServer.class.getPackage().getImplementationVersion(),
        "dev");
    DashboardServer dashboard = DashboardServer.start(host, port, token,
        new JobsApi(jobSubmissions, packages, version, clusterSession, view::jobIdOfSubmission), view);
    dashboardUrl = dashboard.url(host, nodeIp);
    return dashboard;
  }

  public List<BindableService> services() {
    return services;
  }

  /** Starts health checks and takes up what a previous GCS left: jobs, submitted drivers, actors, groups. */
  public void start() {
    discovery.write();
    healthChecker.start();
    jobManager.start();
    jobSubmissions.start();
    placementGroups.start();
    actorManager.start();
  }

  public NodeManager nodeManager() {
    return nodeManager;
  }

  public ClusterIdentity identity() {
    return identity;
  }

  @Override
  public void close() {
    jobSubmissions.close();
    healthChecker.close();
    actorManager.close();
    placementGroups.close();
    if (scheduler instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception ignored) {
        // shutting down
      }
    }
    loop.shutdownNow();
    peers.close();
    storage.close();
  }
}
