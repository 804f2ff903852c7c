package io.jray.gcs;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;

/** How the GCS's gRPC faces answer with a manager's future: its value, or its failure as a gRPC status. */
final class Replies {
  private Replies() {}

  static <T> void answer(CompletableFuture<T> result, StreamObserver<T> reply) {
    result.whenComplete((value, error) -> {
      if (error != null) {
        Throwable cause = error.getCause() != null ? error.getCause() : error;
        reply.onError(Status.fromThrowable(cause).asRuntimeException());
      } else {
        reply.onNext(value);
        reply.onCompleted();
      }
    });
  }
}
