package io.jray.raylet;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.jray.proto.Bundle;
import io.jray.proto.CancelResourceReserveReply;
import io.jray.proto.CancelResourceReserveRequest;
import io.jray.proto.CommitBundleResourcesReply;
import io.jray.proto.CommitBundleResourcesRequest;
import io.jray.proto.GetNodeStatsReply;
import io.jray.proto.GetNodeStatsRequest;
import io.jray.proto.ListLogsReply;
import io.jray.proto.ListLogsRequest;
import io.jray.proto.LogChunk;
import io.jray.proto.NodeManagerServiceGrpc;
import io.jray.proto.PrepareBundleResourcesReply;
import io.jray.proto.PrepareBundleResourcesRequest;
import io.jray.proto.RegisterWorkerReply;
import io.jray.proto.NotifyWorkerBlockedReply;
import io.jray.proto.NotifyWorkerBlockedRequest;
import io.jray.proto.RegisterWorkerRequest;
import io.jray.proto.RequestWorkerLeaseReply;
import io.jray.proto.RequestWorkerLeaseRequest;
import io.jray.proto.ResourceMap;
import io.jray.proto.ReturnWorkerReply;
import io.jray.proto.ReturnWorkerRequest;
import io.jray.proto.StreamLogRequest;
import io.jray.proto.WorkerState;
import io.jray.proto.WorkerStats;
import io.jray.runtime.resources.ResourceShapes;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * gRPC face of the raylet: translates to the lease manager, the worker pool, the placement group bundles and
 * the session logs.
 */
final class NodeManagerService extends NodeManagerServiceGrpc.NodeManagerServiceImplBase {
  private final CoreWorkerMetricsStore coreWorkerMetrics;
  private final ByteString nodeId;
  private final LocalResources resources;
  private final PlacementGroupResources bundles;
  private final LeaseManager leases;
  private final WorkerPool pool;
  private final SessionLogs logs;

  NodeManagerService(ByteString nodeId, LocalResources resources, PlacementGroupResources bundles,
      LeaseManager leases, WorkerPool pool, SessionLogs logs, CoreWorkerMetricsStore coreWorkerMetrics) {
    this.coreWorkerMetrics = coreWorkerMetrics;
    this.nodeId = nodeId;
    this.resources = resources;
    this.bundles = bundles;
    this.leases = leases;
    this.pool = pool;
    this.logs = logs;
  }

  @Override
  public void getNodeStats(GetNodeStatsRequest request, StreamObserver<GetNodeStatsReply> reply) {
    reply.onNext(GetNodeStatsReply.newBuilder()
        .setNodeId(nodeId)
        .setTotal(ResourceMap.newBuilder().putAllAmounts(resources.total()))
        .setAvailable(available())
        .setNumWorkers(pool.size())
        .addAllWorkers(pool.views().stream().map(NodeManagerService::worker).toList())
        .build());
    reply.onCompleted();
  }

  private static WorkerStats worker(WorkerPool.View w) {
    return WorkerStats.newBuilder().setWorkerId(w.id()).setJobId(w.jobId()).setPid(w.pid()).setPort(w.port())
        .setState(switch (w.state()) {
          case STARTING -> WorkerState.WORKER_STARTING;
          case IDLE -> WorkerState.WORKER_IDLE;
          case LEASED -> WorkerState.WORKER_LEASED;
          case ACTOR -> WorkerState.WORKER_ACTOR;
        }).build();
  }

  @Override
  public void reportCoreWorkerMetrics(io.jray.proto.ReportCoreWorkerMetricsRequest request,
      StreamObserver<io.jray.proto.ReportCoreWorkerMetricsReply> reply) {
    coreWorkerMetrics.report(request);
    reply.onNext(io.jray.proto.ReportCoreWorkerMetricsReply.getDefaultInstance());
    reply.onCompleted();
  }

  @Override
  public void listLogs(ListLogsRequest request, StreamObserver<ListLogsReply> reply) {
    try {
      reply.onNext(ListLogsReply.newBuilder().addAllFiles(logs.list()).setLogsDir(logs.dir().toString()).build());
      reply.onCompleted();
    } catch (IOException e) {
      reply.onError(Status.UNAVAILABLE.withDescription("The node's logs folder " + logs.dir() + " cannot be read: "
          + e.getMessage() + ".").asRuntimeException());
    }
  }

  @Override
  public void streamLog(StreamLogRequest request, StreamObserver<LogChunk> reply) {
    try {
      logs.stream(request.getName(), request.hasTailLines() ? request.getTailLines() : -1, request.getFollow(),
          (ServerCallStreamObserver<LogChunk>) reply);
    } catch (StatusRuntimeException e) {
      reply.onError(e);
    }
  }

  @Override
  public void requestWorkerLease(RequestWorkerLeaseRequest request, StreamObserver<RequestWorkerLeaseReply> reply) {
    String envProblem = workerEnvProblem(request.getWorkerEnv());
    if (envProblem != null) {
      reply.onError(io.grpc.Status.INVALID_ARGUMENT.withDescription(envProblem).asRuntimeException());
      return;
    }
    if (!refusedShape(List.of(request.getShape()), reply)) {
      leases.request(request, reply);
    }
  }

  /** What is wrong with a lease's worker environment (it comes over the network: checked again here), or null. */
  private static String workerEnvProblem(io.jray.proto.WorkerEnv env) {
    for (io.jray.proto.EnvVar v : env.getEnvVarsList()) {
      String problem = io.jray.api.runtimeenv.WorkerEnvRules.envVarProblem(v.getName(), v.getValue());
      if (problem != null) {
        return problem;
      }
    }
    for (String option : env.getJvmOptionsList()) {
      String problem = io.jray.api.runtimeenv.WorkerEnvRules.jvmOptionProblem(option);
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  @Override
  public void notifyWorkerBlocked(NotifyWorkerBlockedRequest request, StreamObserver<NotifyWorkerBlockedReply> reply) {
    leases.workerBlocked(request.getWorkerId(), request.getBlocked());
    reply.onNext(NotifyWorkerBlockedReply.getDefaultInstance());
    reply.onCompleted();
  }

  @Override
  public void returnWorker(ReturnWorkerRequest request, StreamObserver<ReturnWorkerReply> reply) {
    leases.returnWorker(request.getLeaseId(), request.getDisconnect());
    reply.onNext(ReturnWorkerReply.getDefaultInstance());
    reply.onCompleted();
  }

  @Override
  public void prepareBundleResources(PrepareBundleResourcesRequest request,
      StreamObserver<PrepareBundleResourcesReply> reply) {
    if (refusedShape(request.getBundlesList().stream().map(Bundle::getResources).toList(), reply)) {
      return;
    }
    boolean prepared = bundles.prepare(request.getBundlesList());
    reply.onNext(PrepareBundleResourcesReply.newBuilder().setSuccess(prepared).setAvailable(available()).build());
    reply.onCompleted();
  }

  @Override
  public void commitBundleResources(CommitBundleResourcesRequest request,
      StreamObserver<CommitBundleResourcesReply> reply) {
    bundles.commit(request.getBundlesList());
    leases.retryInfeasible();
    reply.onNext(CommitBundleResourcesReply.getDefaultInstance());
    reply.onCompleted();
  }

  @Override
  public void cancelResourceReserve(CancelResourceReserveRequest request,
      StreamObserver<CancelResourceReserveReply> reply) {
    bundles.cancel(request.getBundle()).ifPresent(leases::bundleReturned);
    reply.onNext(CancelResourceReserveReply.newBuilder().setAvailable(available()).build());
    reply.onCompleted();
  }

  /** Answers INVALID_ARGUMENT and returns true when a shape is invalid: the pools must never take one. */
  private static boolean refusedShape(List<ResourceMap> shapes, StreamObserver<?> reply) {
    Optional<String> why = shapes.stream().map(s -> ResourceShapes.invalid(s.getAmountsMap()))
        .flatMap(Optional::stream).findFirst();
    why.ifPresent(w -> reply.onError(Status.INVALID_ARGUMENT.withDescription(w).asRuntimeException()));
    return why.isPresent();
  }

  private ResourceMap available() {
    return ResourceMap.newBuilder().putAllAmounts(resources.available()).build();
  }

  @Override
  public void waitForJob(io.jray.proto.WaitForJobRequest request,
      StreamObserver<io.jray.proto.WaitForJobReply> reply) {
    java.util.function.Consumer<WorkerPool.Binding> bound = binding -> {
      if (reply instanceof io.grpc.stub.ServerCallStreamObserver<?> call && call.isCancelled()) {
        throw new IllegalStateException("its WaitForJob call was cancelled"); // the pool binds another one
      }
      reply.onNext(io.jray.proto.WaitForJobReply.newBuilder().setJobId(binding.jobId())
          .addAllJobClasspath(binding.jobClasspath()).build());
      reply.onCompleted();
    };
    if (reply instanceof io.grpc.stub.ServerCallStreamObserver<io.jray.proto.WaitForJobReply> call) {
      call.setOnCancelHandler(() -> pool.stopWaiting(request.getWorkerId(), bound));
    }
    boolean warm = pool.waitForJob(request.getWorkerId(), bound);
    if (!warm) {
      reply.onError(io.grpc.Status.NOT_FOUND.withDescription("no warm worker with this id on this node")
          .asRuntimeException());
    }
  }

  @Override
  public void registerWorker(RegisterWorkerRequest request, StreamObserver<RegisterWorkerReply> reply) {
    pool.register(request.getWorkerId(), request.getPort());
    reply.onNext(RegisterWorkerReply.newBuilder().setNodeId(nodeId).build());
    reply.onCompleted();
  }
}
