package io.jray.runtime.object;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.jray.api.exception.RayTimeoutException;
import io.jray.proto.Address;
import io.jray.proto.ErrorType;
import io.jray.proto.GetObjectReply;
import io.jray.proto.GetObjectRequest;
import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.rpc.Backoff;
import io.jray.runtime.rpc.PeerChannels;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Finds an object's value: from this process's memory store when it owns the object, else by asking the
 * owner (GetObject, long-polling in bounded calls). Thread-safe.
 */
public final class ObjectResolver {
  private final MemoryStore store;
  private final PeerChannels peers;
  private final Address self;
  private volatile LostCopies recovery = LostCopies.NONE;
  /**
   * Copies of one object a read finds lost, one after another, before it gives up: each loss costs a rebuild,
   * and a copy that is there but cannot be read is not rebuilt, so the bound ends such reads.
   */
  public static final int MAX_LOST_COPIES_PER_READ = 3;

  /** This node's object store, where a stored object read here is pulled (its owner notes it); null if none. */
  private final Address localStore;

  public ObjectResolver(MemoryStore store, PeerChannels peers, Address self, Address localStore) {
    this.store = store;
    this.peers = peers;
    this.self = self;
    this.localStore = localStore;
  }

  /** The owner's object recovery, once it submits tasks: asked when a copy of an object owned here is lost. */
  public void bindRecovery(LostCopies recovery) {
    this.recovery = recovery;
  }

  public boolean ownedHere(ObjectRefImpl<?> ref) {
    return ref.owner().equals(self);
  }

  /** Blocks until the object is known or the timeout (ms; negative = none) passes. */
  public StoredObject resolve(ObjectRefImpl<?> ref, long timeoutMs) {
    return resolve(ref, timeoutMs, null);
  }

  /**
   * As {@link #resolve(ObjectRefImpl, long)}, telling the owner (another process) that the copy it named before,
   * in the object store at {@code lostAt}, could not be read: it answers once it found another copy or rebuilt
   * the object (or with why it cannot). For an object owned here the caller asks the recovery itself.
   */
  public StoredObject resolve(ObjectRefImpl<?> ref, long timeoutMs, Address lostAt) {
    long deadline = timeoutMs < 0 ? Long.MAX_VALUE : System.currentTimeMillis() + timeoutMs;
    if (ownedHere(ref)) {
      if (lostAt != null) {
        recovery.recover(ref.idBytes(), lostAt);
      }
      CompletableFuture<StoredObject> owned = store.get(ref.idBytes());
      if (owned == null) {
        return lost(ref);
      }
      try {
        return timeoutMs < 0 ? owned.get() : owned.get(timeoutMs, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        throw timeout(ref, timeoutMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RayTimeoutException("Interrupted while waiting for " + ref + ".");
      } catch (ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      }
    }
    Backoff retry = Backoff.standard();
    int failures = 0;
    while (true) {
      long remaining = deadline - System.currentTimeMillis();
      long poll = Math.max(0, Math.min(remaining, JrayConfig.OBJECT_FETCH_POLL_MS.get()));
      GetObjectReply reply;
      try {
        reply = peers.coreWorkerBlocking(ref.owner())
            .withDeadlineAfter(poll + JrayConfig.RPC_TIMEOUT_MS.get(), TimeUnit.MILLISECONDS)
            .getObject(request(ref, poll, lostAt, localStore));
      } catch (StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        failures++;
        // A blip is retried with backoff; an owner silent through every retry (or refusing) is gone.
        if ((code != Status.Code.UNAVAILABLE && code != Status.Code.DEADLINE_EXCEEDED) || retry.exhausted(failures)
            || System.currentTimeMillis() >= deadline) {
          return StoredObject.ofError(RayErrors.of(ErrorType.OWNER_DIED, "",
              "Object " + ref.getId().toHex() + " is lost: its owner at " + ref.owner().getIp() + ":"
                  + ref.owner().getPort() + " cannot be reached (" + code + ", " + failures + " tries), and only "
                  + "the owner knows where its copies are and how to rebuild it."));
        }
        pause(Math.min(retry.delayMs(failures), Math.max(1, deadline - System.currentTimeMillis())));
        continue;
      }
      lostAt = null; // told once: the owner renews the object, and later polls wait for the new value
      switch (reply.getStatus()) {
        case READY:
          if (reply.hasError()) {
            return StoredObject.ofError(reply.getError());
          }
          return reply.hasStoredAt() ? StoredObject.ofStored(reply.getStoredAt())
              : StoredObject.ofValue(reply.getValue().toByteArray());
        case NOT_FOUND:
          return lost(ref);
        default:
          if (System.currentTimeMillis() >= deadline) {
            throw timeout(ref, timeoutMs);
          }
      }
    }
  }

  private static GetObjectRequest request(ObjectRefImpl<?> ref, long pollMs, Address lostAt, Address readerStore) {
    GetObjectRequest.Builder request = GetObjectRequest.newBuilder().setObjectId(ref.idBytes()).setTimeoutMs(pollMs);
    if (lostAt != null) {
      request.setLostAt(lostAt);
    }
    if (readerStore != null) {
      request.setReaderStore(readerStore);
    }
    return request.build();
  }

  /** Whether the object is owned here and its value (or error) known: a get of it returns without waiting. */
  public boolean isReadyHere(ObjectRefImpl<?> ref) {
    if (!ownedHere(ref)) {
      return false;
    }
    CompletableFuture<StoredObject> owned = store.get(ref.idBytes());
    return owned != null && owned.isDone();
  }

  public boolean isReady(ObjectRefImpl<?> ref) {
    if (ownedHere(ref)) {
      CompletableFuture<StoredObject> owned = store.get(ref.idBytes());
      return owned == null || owned.isDone();
    }
    try {
      resolve(ref, 0);
      return true;
    } catch (RayTimeoutException e) {
      return false;
    }
  }

  private static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RayTimeoutException("Interrupted while waiting to ask an object's owner again.");
    }
  }

  private static StoredObject lost(ObjectRefImpl<?> ref) {
    return StoredObject.ofError(RayErrors.of(ErrorType.OBJECT_LOST, "",
        "Object " + ref.getId().toHex() + " is unknown to its owner (freed or lost) and cannot be rebuilt."));
  }

  private static RayTimeoutException timeout(ObjectRefImpl<?> ref, long timeoutMs) {
    return new RayTimeoutException("Timed out after " + timeoutMs + " ms waiting for " + ref
        + "; the task that makes it may still be pending or running.");
  }

}
