package io.jray.bench.peers;

import io.grpc.stub.StreamObserver;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The replies of one batch of asynchronous gRPC calls: {@link #await} returns once {@code size} have arrived,
 * and fails with the first call's error, or after {@link PeerSettings#CALL_TIMEOUT}. Observers are called on
 * gRPC's threads, {@link #await} on the runner's.
 */
final class ReplyBatch {
  private final CountDownLatch replies;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  ReplyBatch(int size) {
    this.replies = new CountDownLatch(size);
  }

  /** An observer that counts each reply, and runs {@code onEnd} when its call ends (completed or failed). */
  <T> StreamObserver<T> observer(Runnable onEnd) {
    return new StreamObserver<>() {
      @Override
      public void onNext(T reply) {
        replies.countDown();
      }

      @Override
      public void onError(Throwable t) {
        failure.compareAndSet(null, t);
        while (replies.getCount() > 0) {
          replies.countDown(); // the batch has failed: wake its waiter now
        }
        onEnd.run();
      }

      @Override
      public void onCompleted() {
        onEnd.run();
      }
    };
  }

  void await() throws Exception {
    if (!replies.await(PeerSettings.CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new TimeoutException(replies.getCount() + " replies had not come after "
          + PeerSettings.CALL_TIMEOUT.toSeconds() + " s");
    }
    Throwable t = failure.get();
    if (t instanceof Exception e) {
      throw e;
    }
    if (t != null) {
      throw new IllegalStateException(t);
    }
  }
}
