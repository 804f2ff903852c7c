package io.jray.runtime.objectstore;

import io.jray.runtime.process.DaemonThreads;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs this JVM's garbage collector when the object store asks, on a thread of its own, one run at a time (a
 * request arriving during a run is covered by it): a ref the program dropped is found, and its object freed,
 * only when the collector runs, and a program putting large values into shared memory allocates too little heap
 * to make it run by itself. Thread-safe.
 */
final class GarbageCollectionRequests {
  private static final AtomicBoolean pending = new AtomicBoolean();
  private static final ExecutorService collector =
      Executors.newSingleThreadExecutor(DaemonThreads.named("store-asked-gc"));

  private GarbageCollectionRequests() {}

  static void request() {
    if (pending.compareAndSet(false, true)) {
      collector.execute(() -> {
        System.gc();
        pending.set(false);
      });
    }
  }
}
