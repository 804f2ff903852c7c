package io.jray.runtime.gcs;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Context;
import io.jray.proto.ActorInfo;
import io.jray.proto.ActorInfoGcsServiceGrpc;
import io.jray.proto.TaskInfoGcsServiceGrpc;
import io.jray.proto.CreatePlacementGroupRequest;
import io.jray.proto.GetAllPlacementGroupRequest;
import io.jray.proto.GetPlacementGroupReply;
import io.jray.proto.GetPlacementGroupRequest;
import io.jray.proto.PlacementGroupInfo;
import io.jray.proto.PlacementGroupInfoGcsServiceGrpc;
import io.jray.proto.RemovePlacementGroupRequest;
import io.jray.proto.WaitPlacementGroupUntilReadyRequest;
import io.jray.proto.CreateActorRequest;
import io.jray.proto.GetActorInfoReply;
import io.jray.proto.GetActorInfoRequest;
import io.jray.proto.GetAllActorInfoRequest;
import io.jray.proto.GetNamedActorRequest;
import io.jray.proto.KillActorViaGcsRequest;
import io.jray.proto.GetAllJobInfoRequest;
import io.jray.proto.GetAllNodeInfoRequest;
import io.jray.proto.JobInfo;
import io.jray.proto.JobInfoGcsServiceGrpc;
import io.jray.proto.RegisterDriverReply;
import io.jray.proto.RegisterDriverRequest;
import java.util.Iterator;
import io.jray.proto.GetClusterStatusReply;
import io.jray.proto.GetClusterStatusRequest;
import io.jray.proto.InternalKvGcsServiceGrpc;
import io.jray.proto.KvGetRequest;
import io.jray.proto.KvPutRequest;
import io.jray.proto.NodeInfo;
import io.jray.proto.NodeInfoGcsServiceGrpc;
import io.jray.proto.RegisterNodeReply;
import io.jray.proto.RegisterNodeRequest;
import io.jray.proto.ReportResourceUsageReply;
import io.jray.proto.ReportResourceUsageRequest;
import io.jray.proto.UnregisterNodeRequest;
import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.packaging.PackageClient;
import io.jray.runtime.rpc.AuthToken;
import io.jray.runtime.rpc.HostPort;
import io.jray.runtime.rpc.RpcChannels;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The one client of the GCS that raylets, drivers and the CLI use: one channel, the token on every call,
 * a deadline on every call. Thread-safe (gRPC stubs are). A {@link #patient} client (drivers and workers) rides
 * out a GCS that restarts: a call the GCS does not answer is tried again, with backoff and jitter, until
 * {@code gcs_reconnect_timeout_ms}; the CLI's client fails at once, saying so.
 */
public final class GcsClient implements AutoCloseable {
  private final HostPort address;
  private volatile boolean patient;
  private final ManagedChannel channel;
  private final io.jray.runtime.rpc.TokenCallCredentials credentials;
  private final NodeInfoGcsServiceGrpc.NodeInfoGcsServiceBlockingStub nodes;
  private final InternalKvGcsServiceGrpc.InternalKvGcsServiceBlockingStub kv;
  private final JobInfoGcsServiceGrpc.JobInfoGcsServiceBlockingStub jobs;
  private final ActorInfoGcsServiceGrpc.ActorInfoGcsServiceBlockingStub actors;
  private final TaskInfoGcsServiceGrpc.TaskInfoGcsServiceBlockingStub tasks;
  private final PlacementGroupInfoGcsServiceGrpc.PlacementGroupInfoGcsServiceBlockingStub placementGroups;
  private final TaskInfoGcsServiceGrpc.TaskInfoGcsServiceFutureStub taskReports;
  private final PackageClient packages;

  public GcsClient(HostPort address, AuthToken token) {
    this(RpcChannels.open(address), address, token);
  }

  /** A client over a channel the caller built (e.g. a lighter transport for a short-lived CLI); closes it. */
  public GcsClient(ManagedChannel channel, HostPort address, AuthToken token) {
    this.address = address;
    this.channel = channel;
    this.credentials = RpcChannels.credentials(token);
    this.nodes = NodeInfoGcsServiceGrpc.newBlockingStub(channel).withCallCredentials(RpcChannels.credentials(token));
    this.kv = InternalKvGcsServiceGrpc.newBlockingStub(channel).withCallCredentials(RpcChannels.credentials(token));
    this.jobs = JobInfoGcsServiceGrpc.newBlockingStub(channel).withCallCredentials(RpcChannels.credentials(token));
    this.actors = ActorInfoGcsServiceGrpc.newBlockingStub(channel).withCallCredentials(RpcChannels.credentials(token));
    this.tasks = TaskInfoGcsServiceGrpc.newBlockingStub(channel).withCallCredentials(RpcChannels.credentials(token));
    this.placementGroups = PlacementGroupInfoGcsServiceGrpc.newBlockingStub(channel)
        .withCallCredentials(RpcChannels.credentials(token));
    this.taskReports = TaskInfoGcsServiceGrpc.newFutureStub(channel).withCallCredentials(RpcChannels.credentials(token));
    this.packages = new PackageClient(channel, credentials);
  }

  /**
   * Makes the calls that tolerate a repeat (reads, and writes keyed by the caller's ids) wait for a GCS that does
   * not answer, up to {@code gcs_reconnect_timeout_ms}.
   */
  public GcsClient patient() {
    this.patient = true;
    return this;
  }

  /** Runs {@code rpc}; when patient, again after each UNAVAILABLE until the GCS answers or the bound passes. */
  private <T> T call(java.util.function.Supplier<T> rpc) {
    if (!patient) {
      return rpc.get();
    }
    long deadline = System.currentTimeMillis() + JrayConfig.GCS_RECONNECT_TIMEOUT_MS.get();
    io.jray.runtime.rpc.Backoff backoff = new io.jray.runtime.rpc.Backoff(100, 2000, Integer.MAX_VALUE);
    int failures = 0;
    while (true) {
      try {
        return rpc.get();
      } catch (io.grpc.StatusRuntimeException e) {
        if (!gcsAway(e)) {
          throw e;
        }
        long wait = backoff.delayMs(++failures);
        if (System.currentTimeMillis() + wait > deadline) {
          throw io.grpc.Status.UNAVAILABLE.withDescription("The GCS at " + address + " did not answer for "
              + JrayConfig.GCS_RECONNECT_TIMEOUT_MS.get() / 1000 + " s (gcs_reconnect_timeout_ms); is the head "
              + "running?").withCause(e).asRuntimeException();
        }
        channel.resetConnectBackoff();
        try {
          Thread.sleep(wait);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /**
   * Whether a call failed because no GCS was there to answer it: UNAVAILABLE, or the connection closing under the
   * call as it started (gRPC reports that as UNKNOWN, "channel closed").
   */
  public static boolean gcsAway(io.grpc.StatusRuntimeException e) {
    io.grpc.Status.Code code = e.getStatus().getCode();
    return code == io.grpc.Status.Code.UNAVAILABLE || code == io.grpc.Status.Code.UNKNOWN
        && e.getStatus().getCause() instanceof java.io.IOException;
  }

  private void run(Runnable rpc) {
    call(() -> {
      rpc.run();
      return null;
    });
  }

  /** Sends a report of task events and owned objects without waiting for the answer. */
  public java.util.concurrent.Future<?> addTaskEvents(io.jray.proto.AddTaskEventsRequest request) {
    return taskReports.withDeadlineAfter(deadline(), TimeUnit.MILLISECONDS).addTaskEvents(request);
  }

  /** The newest {@code limit} tasks the GCS knows (0: all it keeps). */
  public io.jray.proto.ListTasksReply listTasks(int limit) {
    return tasks.withDeadlineAfter(deadline(), TimeUnit.MILLISECONDS)
        .listTasks(io.jray.proto.ListTasksRequest.newBuilder().setLimit(limit).build());
  }

  /** Up to {@code limit} objects owned by live drivers and workers (0: all reported). */
  public io.jray.proto.ListObjectsReply listObjects(int limit) {
    return tasks.withDeadlineAfter(deadline(), TimeUnit.MILLISECONDS)
        .listObjects(io.jray.proto.ListObjectsRequest.newBuilder().setLimit(limit).build());
  }

  /** The GCS's package store: job jars and drivers' shipped classpath entries. */
  public PackageClient packages() {
    return packages;
  }

  /**
   * Ships the classpath's packages the GCS lacks ({@link io.jray.runtime.packaging.JobPackager}); when patient,
   * a GCS that restarts meanwhile is waited out and the shipping starts over (packages are content-addressed, so
   * a repeat is harmless): a driver that connects while the GCS restarts gets on with its job.
   */
  public java.util.List<io.jray.proto.JobPackage> uploadJobPackages(String classpath) {
    return call(() -> io.jray.runtime.packaging.JobPackager.upload(packages, classpath));
  }

  public HostPort address() {
    return address;
  }

  public ManagedChannel channel() {
    return channel;
  }

  private static long deadline() {
    return JrayConfig.RPC_TIMEOUT_MS.get();
  }

  public RegisterNodeReply registerNode(NodeInfo node) {
    return nodes.withDeadlineAfter(deadline(), TimeUnit.MILLISECONDS)
        .registerNode(RegisterNodeRequest.newBuilder().setNode(node).build());
  }

  public void unregisterNode(ByteString nodeId, String reason) {
    nodes.withDeadlineAfter(deadline(), TimeUnit.MILLISECONDS)
        .unregisterNode(UnregisterNodeRequest.newBuilder().setNodeId(nodeId).setReason(reason).build());
  }

  public List<NodeInfo> getAllNodeInfo() {
    return call(() -> {
      return nodes.withDeadlineAfter(deadline(), TimeUnit.MILLISECONDS)
          .getAllNodeInfo(GetAllNodeInfoRequest.getDefaultInstance()).getNodesList();
    });
  }

  /** A raylet's view refresh: the node rows changed after {@code since} of {@code epoch} (every row at first). */
  public io.jray.proto.GetAllNodeInfoReply nodeView(long since, String epoch, long timeoutMs) {
    return nodes.withDeadlineAfter(timeoutMs, TimeUnit.MILLISECONDS)
        .getAllNodeInfo(GetAllNodeInfoRequest.newBuilder().setSinceVersion(since).setViewEpoch(epoch).build());
  }

  public GetClusterStatusReply getClusterStatus() {
    return nodes.withDeadlineAfter(deadline(), TimeUnit.MILLISECONDS)
        .getClusterStatus(GetClusterStatusRequest.getDefaultInstance());
  }

  /** Where the GCS's external scheduler puts a lease of {@code shape}: a node id, or empty when it did not decide. */
  public ByteString pickNode(io.jray.proto.ResourceMap shape, ByteString askingNode, long timeoutMs) {
    return nodes.withDeadlineAfter(timeoutMs, TimeUnit.MILLISECONDS).pickNode(io.jray.proto.PickNodeRequest
        .newBuilder().setShape(shape).setNodeId(askingNode).build()).getNodeId();
  }

  public ReportResourceUsageReply reportResourceUsage(ReportResourceUsageRequest request) {
    return reportResourceUsage(deadline(), request);
  }

  public ReportResourceUsageReply reportResourceUsage(long timeoutMs, ReportResourceUsageRequest request) {
    return nodes.withDeadlineAfter(timeoutMs, TimeUnit.MILLISECONDS).reportResourceUsage(request);
  }

  public boolean kvPut(String namespace, ByteString key, ByteString value, boolean overwrite) {
    return call(() -> {
      return kv.withDeadlineAfter(deadline(), TimeUnit.MILLISECONDS)
          .put(KvPutRequest.newBuilder().setNamespace(namespace).setKey(key).setValue(value).setOverwrite(overwrite).build())
          .getAdded();
    });
  }

  public Optional<ByteString> kvGet(String namespace, ByteString key) {
    return call(() -> {
      var reply = kv.withDeadlineAfter(deadline(), TimeUnit.MILLISECONDS)
          .get(KvGetRequest.newBuilder().setNamespace(namespace).setKey(key).build());
      return reply.getFound() ? Optional.of(reply.getValue()) : Optional.empty();
    });
  }

  public ActorInfo createActor(CreateActorRequest request) {
    return call(() -> {
      return actors.withDeadlineAfter(deadline(), TimeUnit.MILLISECONDS).createActor(request).getActor();
    });
  }

  /** The actor, after waiting up to {@code waitMs} for it to become ALIVE or DEAD; empty if unknown. */
  public Optional<ActorInfo> getActorInfo(ByteString actorId, long waitMs) {
    return call(() -> {
      GetActorInfoReply reply = actors.withDeadlineAfter(deadline() + waitMs, TimeUnit.MILLISECONDS)
          .getActorInfo(GetActorInfoRequest.newBuilder().setActorId(actorId).setWaitMs(waitMs).build());
      return reply.getFound() ? Optional.of(reply.getActor()) : Optional.empty();
    });
  }

  public Optional<ActorInfo> getNamedActor(String name, String namespace) {
    return call(() -> {
      GetActorInfoReply reply = actors.withDeadlineAfter(deadline(), TimeUnit.MILLISECONDS)
          .getNamedActor(GetNamedActorRequest.newBuilder().setName(name).setNamespace(namespace).build());
      return reply.getFound() ? Optional.of(reply.getActor()) : Optional.empty();
    });
  }

  public List<ActorInfo> getAllActorInfo() {
    return call(() -> {
      return actors.withDeadlineAfter(deadline(), TimeUnit.MILLISECONDS)
          .getAllActorInfo(GetAllActorInfoRequest.getDefaultInstance()).getActorsList();
    });
  }

  public void killActor(ByteString actorId, boolean noRestart, boolean intentionalExit) {
    run(() -> {
      actors.withDeadlineAfter(deadline(), TimeUnit.MILLISECONDS).killActor(KillActorViaGcsRequest.newBuilder()
          .setActorId(actorId).setNoRestart(noRestart).setIntentionalExit(intentionalExit).build());
    });
  }

  public PlacementGroupInfo createPlacementGroup(PlacementGroupInfo group) {
    return call(() -> {
      return placementGroups.withDeadlineAfter(deadline(), TimeUnit.MILLISECONDS).createPlacementGroup(
          CreatePlacementGroupRequest.newBuilder().setPlacementGroup(group).build()).getPlacementGroup();
    });
  }

  public Optional<PlacementGroupInfo> getPlacementGroup(ByteString id) {
    return call(() -> {
      GetPlacementGroupReply reply = placementGroups.withDeadlineAfter(deadline(), TimeUnit.MILLISECONDS)
          .getPlacementGroup(GetPlacementGroupRequest.newBuilder().setPlacementGroupId(id).build());
      return reply.getFound() ? Optional.of(reply.getPlacementGroup()) : Optional.empty();
    });
  }

  public List<PlacementGroupInfo> getAllPlacementGroups() {
    return call(() -> {
      return placementGroups.withDeadlineAfter(deadline(), TimeUnit.MILLISECONDS)
          .getAllPlacementGroup(GetAllPlacementGroupRequest.getDefaultInstance()).getPlacementGroupsList();
    });
  }

  public void removePlacementGroup(ByteString id) {
    run(() -> {
      placementGroups.withDeadlineAfter(deadline(), TimeUnit.MILLISECONDS)
          .removePlacementGroup(RemovePlacementGroupRequest.newBuilder().setPlacementGroupId(id).build());
    });
  }

  /** True once the group is created; false when it is removed or unknown, or {@code timeoutMs} passes first. */
  public boolean waitPlacementGroupUntilReady(ByteString id, long timeoutMs) {
    return call(() -> {
      return placementGroups.withDeadlineAfter(deadline() + timeoutMs, TimeUnit.MILLISECONDS)
          .waitPlacementGroupUntilReady(WaitPlacementGroupUntilReadyRequest.newBuilder()
              .setPlacementGroupId(id).setTimeoutMs(timeoutMs).build()).getReady();
    });
  }

  public List<JobInfo> getAllJobInfo() {
    return call(() -> {
      return jobs.withDeadlineAfter(deadline(), TimeUnit.MILLISECONDS)
          .getAllJobInfo(GetAllJobInfoRequest.getDefaultInstance()).getJobsList();
    });
  }

  /**
   * Opens a driver's registration stream (its first reply carries the job id; it then stays open while the
   * driver lives) within {@code registration}, which is cancelled to end it. No deadline: it lives as long as
   * the driver. {@link DriverRegistration} keeps it open.
   */
  public Iterator<RegisterDriverReply> openDriverStream(RegisterDriverRequest request,
      Context.CancellableContext registration) {
    Context previous = registration.attach();
    try {
      return JobInfoGcsServiceGrpc.newBlockingStub(channel).withCallCredentials(credentials).registerDriver(request);
    } finally {
      registration.detach(previous);
    }
  }

  /** The driver is ending its job on purpose (not a broken stream). */
  public void markJobFinished(ByteString jobId, long timeoutMs) {
    jobs.withDeadlineAfter(timeoutMs, TimeUnit.MILLISECONDS)
        .markJobFinished(io.jray.proto.MarkJobFinishedRequest.newBuilder().setJobId(jobId).build());
  }

  @Override
  public void close() {
    RpcChannels.close(channel);
  }
}
