package io.jray.gcs;

import io.grpc.stub.StreamObserver;
import java.util.List;
import io.jray.proto.GetAllNodeInfoReply;
import io.jray.proto.GetAllNodeInfoRequest;
import io.jray.proto.GetClusterStatusReply;
import io.jray.proto.GetClusterStatusRequest;
import io.jray.proto.NodeInfoGcsServiceGrpc;
import io.jray.proto.RegisterNodeReply;
import io.jray.proto.RegisterNodeRequest;
import io.jray.proto.NodeState;
import io.jray.proto.PickNodeReply;
import io.jray.proto.PickNodeRequest;
import io.jray.proto.ReportResourceUsageReply;
import io.jray.proto.ReportResourceUsageRequest;
import io.jray.proto.UnregisterNodeReply;
import io.jray.proto.UnregisterNodeRequest;

/** gRPC face of the {@link NodeManager}: translates messages, holds no logic. */
final class NodeInfoService extends NodeInfoGcsServiceGrpc.NodeInfoGcsServiceImplBase {
  private final NodeManager nodes;
  private final String clusterSession;
  private final GcsInfo info;
  private final io.jray.scheduling.PlacementScheduler scheduler;

  NodeInfoService(NodeManager nodes, String clusterSession, GcsInfo info) {
    this(nodes, clusterSession, info, new io.jray.scheduling.BuiltInScheduler(
        io.jray.scheduling.SchedulingPolicy.fromConfig()));
  }

  NodeInfoService(NodeManager nodes, String clusterSession, GcsInfo info,
      io.jray.scheduling.PlacementScheduler scheduler) {
    this.nodes = nodes;
    this.clusterSession = clusterSession;
    this.info = info;
    this.scheduler = scheduler;
  }

  @Override
  public void registerNode(RegisterNodeRequest request, StreamObserver<RegisterNodeReply> reply) {
    if (Replies.refusedCapacity(List.of(request.getNode().getTotal().getAmountsMap(),
        request.getNode().getAvailable().getAmountsMap()), reply)) {
      return;
    }
    try {
      nodes.register(request.getNode());
    } catch (io.grpc.StatusRuntimeException refused) {
      reply.onError(refused);
      return;
    }
    reply.onNext(RegisterNodeReply.newBuilder().setClusterSession(clusterSession)
        .setClusterId(info.identity().clusterId()).setExternalScheduler(scheduler.external()).build());
    reply.onCompleted();
  }

  @Override
  public void unregisterNode(UnregisterNodeRequest request, StreamObserver<UnregisterNodeReply> reply) {
    nodes.markDead(request.getNodeId(), request.getReason());
    reply.onNext(UnregisterNodeReply.getDefaultInstance());
    reply.onCompleted();
  }

  @Override
  public void getAllNodeInfo(GetAllNodeInfoRequest request, StreamObserver<GetAllNodeInfoReply> reply) {
    reply.onNext(view(request.getSinceVersion(), request.getViewEpoch()));
    reply.onCompleted();
  }

  /**
   * Whole views a report's reply may carry per second (each is every row: about 1 MB at 4,000 nodes). Thousands of
   * nodes joining at once each ask for one; unbounded, their replies in flight outgrew the GCS's heap. A report
   * refused one gets none and asks again at its next report, as a raylet whose view is empty does.
   */
  private static final int WHOLE_VIEWS_PER_SECOND = 50;
  private final java.util.concurrent.atomic.AtomicLong wholeViewSecond = new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicInteger wholeViewsThisSecond =
      new java.util.concurrent.atomic.AtomicInteger();

  private boolean mayGiveWholeView() {
    long second = System.currentTimeMillis() / 1000;
    long seen = wholeViewSecond.get();
    if (seen != second && wholeViewSecond.compareAndSet(seen, second)) {
      wholeViewsThisSecond.set(0);
    }
    return wholeViewsThisSecond.incrementAndGet() <= WHOLE_VIEWS_PER_SECOND;
  }

  private GetAllNodeInfoReply view(long since, String epoch) {
    return reply(nodes.view(since, epoch));
  }

  private static GetAllNodeInfoReply reply(NodeManager.View view) {
    return GetAllNodeInfoReply.newBuilder().addAllNodes(view.nodes()).setVersion(view.version())
        .setViewEpoch(view.epoch()).setChangesOnly(view.changesOnly()).build();
  }

  @Override
  public void reportResourceUsage(ReportResourceUsageRequest request, StreamObserver<ReportResourceUsageReply> reply) {
    boolean accepted = nodes.reportUsage(request.getNodeId(), request.getAvailable(), request.getDemandsList(),
        request.getBundlesList());
    ReportResourceUsageReply.Builder answer = ReportResourceUsageReply.newBuilder()
        .setClusterId(info.identity().clusterId())
        .setExternalScheduler(scheduler.external());
    NodeManager.View view = nodes.view(request.getViewSinceVersion(), request.getViewEpoch());
    if (view.changesOnly() || mayGiveWholeView()) {
      answer.setView(reply(view));
    }
    if (!accepted) {
      var known = nodes.get(request.getNodeId());
      if (known.isEmpty()) {
        answer.setUnknownNode(true);
      }
      known.filter(n -> n.getState() == NodeState.NODE_DEAD)
          .ifPresent(dead -> answer.setNodeDead(true).setDeathReason(dead.getDeathReason()));
    }
    reply.onNext(answer.build());
    reply.onCompleted();
  }

  @Override
  public void getClusterStatus(GetClusterStatusRequest request, StreamObserver<GetClusterStatusReply> reply) {
    reply.onNext(GetClusterStatusReply.newBuilder()
        .addAllNodes(nodes.all())
        .addAllDemands(nodes.demands())
        .setNowMs(System.currentTimeMillis())
        .setStorage(info.storage())
        .setGcsRestarts(info.identity().restarts())
        .setGcsStartTimeMs(info.identity().startTimeMs())
        .setClusterId(info.identity().clusterId())
        .setScheduler(scheduler.describe())
        .setDashboardUrl(info.dashboardUrl().get())
        .build());
    reply.onCompleted();
  }

  @Override
  public void pickNode(PickNodeRequest request, StreamObserver<PickNodeReply> reply) {
    if (Replies.refusedCapacity(List.of(request.getShape().getAmountsMap()), reply)) {
      return;
    }
    // The raylet gave up (its deadline passed): asking the scheduler now would only queue behind live callers.
    if (io.grpc.Context.current().isCancelled()) {
      reply.onError(io.grpc.Status.CANCELLED.withDescription("the caller gave up").asRuntimeException());
      return;
    }
    PickNodeReply.Builder answer = PickNodeReply.newBuilder();
    scheduler.pickExternally(io.jray.scheduling.SchedulingPolicy.Request.ofDefault(request.getShape().getAmountsMap()),
            nodes.all().stream().map(io.jray.scheduling.SchedulingProtos::candidate).toList())
        .ifPresent(run -> answer.setNodeId(com.google.protobuf.ByteString.copyFrom(java.util.HexFormat.of().parseHex(run.nodeId()))));
    if (io.grpc.Context.current().isCancelled()) {
      return;
    }
    reply.onNext(answer.build());
    reply.onCompleted();
  }
}
