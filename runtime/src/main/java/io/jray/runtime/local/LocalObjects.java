package io.jray.runtime.local;

import com.google.protobuf.ByteString;
import io.jray.api.exception.RayTimeoutException;
import io.jray.runtime.object.StoredObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The objects of a local-mode runtime: each a future of its serialized value (or error), completed once by
 * {@code put} or by the task that returns it. Kept until {@link #free} or the runtime's end: local mode is for
 * tests and debugging, where a driver's objects are few.
 */
final class LocalObjects {
  private final Map<ByteString, CompletableFuture<StoredObject>> objects = new ConcurrentHashMap<>();
  /** Notified whenever an object completes, for {@code wait}. */
  private final Object completions = new Object();

  /** A new, not yet completed object. */
  CompletableFuture<StoredObject> create(ByteString id) {
    CompletableFuture<StoredObject> pending = new CompletableFuture<>();
    objects.put(id, pending);
    pending.whenComplete((v, e) -> {
      synchronized (completions) {
        completions.notifyAll();
      }
    });
    return pending;
  }

  void complete(ByteString id, StoredObject value) {
    CompletableFuture<StoredObject> pending = objects.get(id);
    if (pending != null) {
      pending.complete(value);
    }
  }

  /** The object's future; an id this runtime never made is refused (a ref from another runtime or a freed one). */
  CompletableFuture<StoredObject> future(ByteString id, String ref) {
    CompletableFuture<StoredObject> future = objects.get(id);
    if (future == null) {
      throw new IllegalArgumentException(ref + " is not an object of this local-mode runtime: it was freed, or it"
          + " comes from another runtime.");
    }
    return future;
  }

  boolean isReady(ByteString id) {
    CompletableFuture<StoredObject> future = objects.get(id);
    return future != null && future.isDone();
  }

  /** The object once it is complete; {@code timeoutMs < 0} waits forever. */
  StoredObject await(ByteString id, String ref, long timeoutMs) {
    CompletableFuture<StoredObject> future = future(id, ref);
    try {
      return timeoutMs < 0 ? future.get() : future.get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new RayTimeoutException("Timed out after " + timeoutMs + " ms waiting for " + ref + ".");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RayTimeoutException("Interrupted while waiting for " + ref + ".");
    } catch (ExecutionException e) {
      throw new IllegalStateException("A local object failed outside its task: " + e.getCause(), e.getCause());
    }
  }

  /** Blocks until {@code ready} says enough objects are done, or the deadline (epoch ms) passes. */
  void awaitUntil(java.util.function.BooleanSupplier ready, long deadline) {
    synchronized (completions) {
      while (!ready.getAsBoolean()) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          return;
        }
        try {
          completions.wait(Math.min(left, 50));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new RayTimeoutException("Interrupted while waiting for objects.");
        }
      }
    }
  }

  void free(List<ByteString> ids) {
    ids.forEach(objects::remove);
  }

  int size() {
    return objects.size();
  }
}
