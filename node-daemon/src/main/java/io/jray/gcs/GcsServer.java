package io.jray.gcs;

import io.grpc.BindableService;
import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.rpc.AuthToken;
import io.jray.runtime.rpc.PeerChannels;
import java.nio.file.Path;
import java.util.List;

/** Builds the GCS's managers and the gRPC services that front them; no logic of its own. */
public final class GcsServer implements AutoCloseable {
  private final NodeManager nodeManager = new NodeManager();
  private final KvManager kvManager = new KvManager();
  private final JobManager jobManager = new JobManager();
  private final TaskEventManager taskEvents = new TaskEventManager();
  private final HealthChecker healthChecker;
  private final PeerChannels peers;
  private final PlacementGroupManager placementGroups;
  private final ActorManager actorManager;
  private final JobSubmissionManager jobSubmissions;
  private final List<BindableService> services;

  /**
   * @param sessionDir where code packages (job jars) and submitted jobs' logs are kept
   * @param address this GCS's own address, which submitted drivers connect to
   */
  public GcsServer(AuthToken token, String clusterSession, Path sessionDir, String address) {
    PackageStore packages = new PackageStore(sessionDir, System.getProperty("java.class.path"));
    this.jobSubmissions = new JobSubmissionManager(sessionDir, packages, address, token);
    this.healthChecker = new HealthChecker(nodeManager, token);
    this.peers = new PeerChannels(token);
    this.placementGroups = new PlacementGroupManager(nodeManager, peers);
    this.actorManager = new ActorManager(nodeManager, placementGroups, peers);
    nodeManager.addListener(placementGroups::nodeChanged);
    nodeManager.addListener(actorManager::nodeChanged);
    placementGroups.onRemoved(actorManager::placementGroupRemoved);
    jobManager.onFinish(actorManager::jobFinished);
    jobManager.onFinish(placementGroups::jobFinished);
    jobManager.onFinish(taskEvents::jobFinished);
    this.services = List.of(new NodeInfoService(nodeManager, clusterSession), new InternalKvService(kvManager),
        new JobInfoService(jobManager), new ActorInfoService(actorManager), new JobSubmissionService(jobSubmissions),
        new TaskInfoService(taskEvents), new PlacementGroupInfoService(placementGroups),
        new PackageService(packages, Math.toIntExact(JrayConfig.PACKAGE_CHUNK_BYTES.get())));
  }

  public List<BindableService> services() {
    return services;
  }

  public void start() {
    healthChecker.start();
  }

  public NodeManager nodeManager() {
    return nodeManager;
  }

  @Override
  public void close() {
    jobSubmissions.close();
    healthChecker.close();
    actorManager.close();
    placementGroups.close();
    peers.close();
  }
}
