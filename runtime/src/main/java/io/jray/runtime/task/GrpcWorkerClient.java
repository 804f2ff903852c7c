package io.jray.runtime.task;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.jray.proto.Address;
import io.jray.proto.CancelTaskRequest;
import io.jray.proto.PushTaskRequest;
import io.jray.proto.StreamedTaskReply;
import io.jray.proto.TaskSpec;
import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.rpc.PeerChannels;
import java.util.concurrent.TimeUnit;

/** {@link WorkerClient} over the core workers' gRPC service (the PushTasks stream): translation only. */
public final class GrpcWorkerClient implements WorkerClient {
  private final PeerChannels peers;

  public GrpcWorkerClient(PeerChannels peers) {
    this.peers = peers;
  }

  @Override
  public TaskStream openTaskStream(Address worker, Replies replies) {
    StreamObserver<PushTaskRequest> requests = peers.coreWorkerStreams(worker).pushTasks(new StreamObserver<>() {
      @Override
      public void onNext(StreamedTaskReply streamed) {
        replies.replied(streamed.getSequenceNumber(), streamed.getReply());
      }

      @Override
      public void onError(Throwable t) {
        replies.lost(Status.fromThrowable(t).getCode().name());
      }

      @Override
      public void onCompleted() {
        replies.lost(Status.Code.UNAVAILABLE.name());
      }
    });
    return new TaskStream() {
      @Override
      public void push(TaskSpec spec, long sequenceNumber) {
        requests.onNext(PushTaskRequest.newBuilder().setSpec(spec).setSequenceNumber(sequenceNumber).build());
      }

      @Override
      public void end() {
        try {
          requests.onCompleted();
        } catch (RuntimeException alreadyBroken) {
          // the worker is gone; the raylet learns it too
        }
      }
    };
  }

  @Override
  public void cancelTask(Address worker, ByteString taskId, boolean force) {
    try {
      peers.coreWorkerBlocking(worker).withDeadlineAfter(JrayConfig.RPC_TIMEOUT_MS.get(), TimeUnit.MILLISECONDS)
          .cancelTask(CancelTaskRequest.newBuilder().setTaskId(taskId).setForce(force).build());
    } catch (StatusRuntimeException e) {
      // The worker is gone already: the push fails and the task ends as cancelled.
    }
  }
}
