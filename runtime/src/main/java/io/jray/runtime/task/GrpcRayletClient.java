package io.jray.runtime.task;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.jray.proto.Address;
import io.jray.proto.RequestWorkerLeaseReply;
import io.jray.proto.RequestWorkerLeaseRequest;
import io.jray.proto.ReturnWorkerReply;
import io.jray.proto.ReturnWorkerRequest;
import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.rpc.PeerChannels;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** {@link RayletClient} over the raylets' gRPC service: translates requests and replies, holds no logic. */
public final class GrpcRayletClient implements RayletClient {
  private final PeerChannels peers;

  public GrpcRayletClient(PeerChannels peers) {
    this.peers = peers;
  }

  @Override
  public void requestWorkerLease(Address raylet, LeaseRequest request, long timeoutMs, Consumer<LeaseReply> reply) {
    RequestWorkerLeaseRequest.Builder wire = RequestWorkerLeaseRequest.newBuilder()
        .setJobId(request.jobId()).setShape(request.shape()).addAllJobPackages(request.jobPackages())
        .setGrantOrReject(request.grantOrReject());
    if (request.placement() != null) {
      wire.setPlacement(request.placement());
    }
    if (request.scheduling() != null) {
      wire.setScheduling(request.scheduling());
    }
    if (request.workerEnv() != null) {
      wire.setWorkerEnv(request.workerEnv());
    }
    peers.raylet(raylet).withDeadlineAfter(timeoutMs, TimeUnit.MILLISECONDS)
        .requestWorkerLease(wire.build(), new StreamObserver<>() {
          @Override
          public void onNext(RequestWorkerLeaseReply r) {
            if (r.hasRetryAtRaylet()) {
              reply.accept(new Spillback(r.getRetryAtRaylet()));
            } else if (!r.getUnschedulable().isEmpty()) {
              reply.accept(new Unschedulable(r.getUnschedulable()));
            } else if (r.getRejected()) {
              reply.accept(new Rejected());
            } else {
              reply.accept(new Granted(r.getLeaseId(), r.getWorkerAddress(), r.getNodeId()));
            }
          }

          @Override
          public void onError(Throwable t) {
            Status status = Status.fromThrowable(t);
            reply.accept(status.getCode() == Status.Code.DEADLINE_EXCEEDED ? new TimedOut()
                : new Unreachable(status.getCode().name(), status.toString()));
          }

          @Override
          public void onCompleted() {}
        });
  }

  @Override
  public void returnWorker(Address raylet, long leaseId, boolean disconnect) {
    peers.raylet(raylet).withDeadlineAfter(JrayConfig.RPC_TIMEOUT_MS.get(), TimeUnit.MILLISECONDS)
        .returnWorker(ReturnWorkerRequest.newBuilder().setLeaseId(leaseId).setDisconnect(disconnect).build(),
            new StreamObserver<>() {
              @Override
              public void onNext(ReturnWorkerReply value) {}

              @Override
              public void onError(Throwable t) {}

              @Override
              public void onCompleted() {}
            });
  }
}
