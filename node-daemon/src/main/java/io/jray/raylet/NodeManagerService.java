package io.jray.raylet;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.jray.proto.GetNodeStatsReply;
import io.jray.proto.GetNodeStatsRequest;
import io.jray.proto.NodeManagerServiceGrpc;
import io.jray.proto.RegisterWorkerReply;
import io.jray.proto.RegisterWorkerRequest;
import io.jray.proto.RequestWorkerLeaseReply;
import io.jray.proto.RequestWorkerLeaseRequest;
import io.jray.proto.ResourceMap;
import io.jray.proto.ReturnWorkerReply;
import io.jray.proto.ReturnWorkerRequest;

/** gRPC face of the raylet: translates to the lease manager and worker pool. */
final class NodeManagerService extends NodeManagerServiceGrpc.NodeManagerServiceImplBase {
  private final ByteString nodeId;
  private final LocalResources resources;
  private final LeaseManager leases;
  private final WorkerPool pool;

  NodeManagerService(ByteString nodeId, LocalResources resources, LeaseManager leases, WorkerPool pool) {
    this.nodeId = nodeId;
    this.resources = resources;
    this.leases = leases;
    this.pool = pool;
  }

  @Override
  public void getNodeStats(GetNodeStatsRequest request, StreamObserver<GetNodeStatsReply> reply) {
    reply.onNext(GetNodeStatsReply.newBuilder()
        .setNodeId(nodeId)
        .setTotal(ResourceMap.newBuilder().putAllAmounts(resources.total()))
        .setAvailable(ResourceMap.newBuilder().putAllAmounts(resources.available()))
        .setNumWorkers(pool.size())
        .build());
    reply.onCompleted();
  }

  @Override
  public void requestWorkerLease(RequestWorkerLeaseRequest request, StreamObserver<RequestWorkerLeaseReply> reply) {
    leases.request(request, reply);
  }

  @Override
  public void returnWorker(ReturnWorkerRequest request, StreamObserver<ReturnWorkerReply> reply) {
    leases.returnWorker(request.getLeaseId(), request.getDisconnect());
    reply.onNext(ReturnWorkerReply.getDefaultInstance());
    reply.onCompleted();
  }

  @Override
  public void registerWorker(RegisterWorkerRequest request, StreamObserver<RegisterWorkerReply> reply) {
    pool.register(request.getWorkerId(), request.getPort());
    reply.onNext(RegisterWorkerReply.newBuilder().setNodeId(nodeId).build());
    reply.onCompleted();
  }
}
