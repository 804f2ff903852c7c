package io.jray.gcs;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.jray.runtime.resources.ResourceShapes;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
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

  /**
   * Answers INVALID_ARGUMENT and returns true when one of the shapes a request carries is invalid
   * ({@link ResourceShapes#invalid}); the caller then drops the request.
   */
  static boolean refusedShape(Collection<Map<String, Double>> shapes, StreamObserver<?> reply) {
    return refused(shapes.stream().map(ResourceShapes::invalid).flatMap(Optional::stream).findFirst(), reply);
  }

  /** As {@link #refusedShape}, for a node's capacities ({@link ResourceShapes#invalidCapacity}). */
  static boolean refusedCapacity(Collection<Map<String, Double>> capacities, StreamObserver<?> reply) {
    return refused(capacities.stream().map(ResourceShapes::invalidCapacity).flatMap(Optional::stream).findFirst(),
        reply);
  }

  private static boolean refused(Optional<String> why, StreamObserver<?> reply) {
    why.ifPresent(w -> reply.onError(Status.INVALID_ARGUMENT.withDescription(w).asRuntimeException()));
    return why.isPresent();
  }
}
