package io.jray.runtime.object;

import com.google.protobuf.ByteString;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiConsumer;

/**
 * The objects this process owns (Ray's in-process memory store): puts, and the returns of tasks it submitted,
 * each a future that completes when the value is known. An object leaves when it is freed; a result that
 * arrives for a freed object is discarded (its stored copy deleted). Thread-safe.
 */
public final class MemoryStore {
  private final ConcurrentMap<ByteString, CompletableFuture<StoredObject>> objects = new ConcurrentHashMap<>();
  private final BiConsumer<ByteString, StoredObject> discard;

  /** @param discard called with an object no longer kept (to delete its copy in an object store) */
  public MemoryStore(BiConsumer<ByteString, StoredObject> discard) {
    this.discard = discard;
  }

  /** A pending object: the return of a task about to be submitted. */
  public void create(ByteString id) {
    objects.computeIfAbsent(id, k -> new CompletableFuture<>());
  }

  /** The object's future, or null when this process does not (or no longer) own it. */
  public CompletableFuture<StoredObject> get(ByteString id) {
    return objects.get(id);
  }

  public boolean contains(ByteString id) {
    return objects.containsKey(id);
  }

  /**
   * An object whose known value is lost (its only copy went with its node) and is being rebuilt: a fresh pending
   * future stands for it, which the rebuild completes. Returns null (changing nothing) when the object is not
   * owned here any more, or its value is not {@code lost}: already rebuilt, or being rebuilt.
   */
  public CompletableFuture<StoredObject> renew(ByteString id, StoredObject lost) {
    CompletableFuture<StoredObject> fresh = new CompletableFuture<>();
    CompletableFuture<StoredObject> now = objects.computeIfPresent(id,
        (k, f) -> f.isDone() && f.getNow(null) == lost ? fresh : f);
    return now == fresh ? fresh : null;
  }

  /** A freed object that is needed again (the argument of a task being rebuilt): pending, as a task's return. */
  public CompletableFuture<StoredObject> recreate(ByteString id) {
    CompletableFuture<StoredObject> fresh = new CompletableFuture<>();
    CompletableFuture<StoredObject> now = objects.putIfAbsent(id, fresh);
    return now == null ? fresh : null;
  }

  /** A new object with its value known (a put). */
  public void put(ByteString id, StoredObject object) {
    objects.computeIfAbsent(id, k -> new CompletableFuture<>()).complete(object);
  }

  /** A pending object's value arrived; if the object was freed meanwhile, the value is discarded. */
  public void complete(ByteString id, StoredObject object) {
    CompletableFuture<StoredObject> future = objects.get(id);
    if (future == null) {
      discard.accept(id, object);
    } else {
      future.complete(object);
    }
  }

  /** Frees an object: it leaves the store and, once its value is known, that value is discarded. */
  public void free(ByteString id) {
    CompletableFuture<StoredObject> future = objects.remove(id);
    if (future != null) {
      future.thenAccept(object -> discard.accept(id, object));
    }
  }

  /** Visits every object (a weakly consistent view: objects may come and go meanwhile). */
  public void forEach(BiConsumer<ByteString, CompletableFuture<StoredObject>> visitor) {
    objects.forEach(visitor);
  }

  public int size() {
    return objects.size();
  }
}
