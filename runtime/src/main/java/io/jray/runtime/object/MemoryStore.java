package io.jray.runtime.object;

import com.google.protobuf.ByteString;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The objects this process owns (Ray's in-process memory store): puts, and the returns of tasks it submitted,
 * each a future that completes when the value is known. Thread-safe.
 */
public final class MemoryStore {
  private final ConcurrentMap<ByteString, CompletableFuture<StoredObject>> objects = new ConcurrentHashMap<>();

  /** The future of an object, created pending if unknown (a return whose task has not finished). */
  public CompletableFuture<StoredObject> future(ByteString id) {
    return objects.computeIfAbsent(id, k -> new CompletableFuture<>());
  }

  public boolean contains(ByteString id) {
    return objects.containsKey(id);
  }

  public void put(ByteString id, StoredObject object) {
    future(id).complete(object);
  }

  public int size() {
    return objects.size();
  }
}
