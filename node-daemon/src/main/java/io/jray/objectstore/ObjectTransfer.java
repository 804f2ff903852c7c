package io.jray.objectstore;

import com.google.protobuf.ByteString;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.jray.proto.ObjectStoreServiceGrpc;
import io.jray.proto.ReadChunksReply;
import io.jray.proto.ReadChunksRequest;
import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.rpc.AuthToken;
import io.jray.runtime.rpc.HostPort;
import io.jray.runtime.rpc.PeerChannels;
import io.jray.runtime.rpc.RpcChannels;
import io.jray.runtime.rpc.TokenCallCredentials;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * Moves objects between nodes' stores. Pulling: fetches an object from another store's ReadChunks stream straight
 * into a local arena allocation, as a secondary copy; concurrent pulls of one object share one transfer. Serving:
 * pins a local object for a reader that streams it out. Thread-safe; each pull runs on its requester's thread.
 */
final class ObjectTransfer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ObjectTransfer.class.getName());
  /** A message larger than this would only cost memory on both sides. */
  private static final long MAX_CHUNK_BYTES = 64L << 20;

  private final ObjectStore store;
  private final PeerChannels peers;
  private final TokenCallCredentials credentials;
  private final Map<ByteString, CompletableFuture<Long>> pulls = new ConcurrentHashMap<>();

  ObjectTransfer(ObjectStore store, AuthToken token) {
    this.store = store;
    this.peers = new PeerChannels(token);
    this.credentials = RpcChannels.credentials(token);
  }

  /** A local object pinned for one reader; {@link #close} releases it. */
  final class PinnedObject implements AutoCloseable {
    private final ByteString id;
    private final ObjectStore.Location location;
    private boolean released;

    private PinnedObject(ByteString id, ObjectStore.Location location) {
      this.id = id;
      this.location = location;
    }

    long size() {
      return location.size();
    }

    ByteString read(long offset, int length) throws IOException {
      return store.read(location, offset, length);
    }

    @Override
    public synchronized void close() {
      if (!released) {
        released = true;
        store.release(List.of(id));
      }
    }
  }

  /** Pins a local object to stream it out, waiting up to {@code timeoutMs} for it to be sealed. */
  PinnedObject openForRead(ByteString id, long timeoutMs) {
    ObjectStore.Location location = store.get(List.of(id), timeoutMs)[0];
    if (location == null) {
      throw StoreException.notFound(ObjectIds.shortHex(id));
    }
    return new PinnedObject(id, location);
  }

  /** Bytes per message of a ReadChunks stream: the asked size, else the configured one, within sane bounds. */
  static int chunkBytes(long asked) {
    long bytes = asked > 0 ? asked : JrayConfig.OBJECT_TRANSFER_CHUNK_BYTES.get();
    return (int) Math.max(4096, Math.min(bytes, MAX_CHUNK_BYTES));
  }

  /**
   * Makes the object local by fetching it from the store at {@code from} (which may wait up to {@code timeoutMs}
   * for it to be sealed there); returns its size. An object already here is not fetched again.
   */
  long pull(ByteString id, HostPort from, long timeoutMs) {
    long local = store.sealedSize(id);
    if (local >= 0) {
      return local;
    }
    CompletableFuture<Long> mine = new CompletableFuture<>();
    CompletableFuture<Long> running = pulls.putIfAbsent(id, mine);
    if (running != null) {
      return join(running, id);
    }
    try {
      long size = fetch(id, from, timeoutMs);
      mine.complete(size);
      return size;
    } catch (RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      pulls.remove(id, mine);
    }
  }

  private long fetch(ByteString id, HostPort from, long timeoutMs) {
    long start = System.nanoTime();
    long deadlineMs = JrayConfig.OBJECT_PULL_TIMEOUT_MS.get() + Math.max(0, timeoutMs);
    ReadChunksRequest request = ReadChunksRequest.newBuilder()
        .setObjectId(id)
        .setChunkBytes(chunkBytes(0))
        .setTimeoutMs(Math.max(0, timeoutMs))
        .build();
    // Leaving the stream early (an error here) must cancel it, or the other store keeps sending until the deadline.
    Context.CancellableContext call = Context.current().withCancellation();
    Context previous = call.attach();
    boolean created = false;
    try {
      Iterator<ReadChunksReply> replies = ObjectStoreServiceGrpc.newBlockingStub(peers.channel(from))
          .withCallCredentials(credentials)
          .withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS)
          .readChunks(request);
      long size = -1;
      long received = 0;
      while (replies.hasNext()) {
        ReadChunksReply reply = replies.next();
        if (size < 0) {
          size = reply.getTotalSize();
          try {
            store.create(id, size, false);
          } catch (StoreException e) {
            if (e.reason() == StoreException.Reason.EXISTS) {
              return size; // made here meanwhile (a local put, or another pull's copy): no need for ours
            }
            throw e;
          }
          created = true;
        }
        if (reply.getOffset() != received) {
          throw new StoreException(StoreException.Reason.PEER_FAILED, "the object store at " + from
              + " sent object " + ObjectIds.shortHex(id) + " out of order");
        }
        store.write(id, reply.getOffset(), reply.getData());
        received += reply.getData().size();
      }
      if (size < 0 || received != size) {
        throw new StoreException(StoreException.Reason.PEER_FAILED, "the object store at " + from + " sent "
            + received + " of " + Math.max(size, 0) + " bytes of object " + ObjectIds.shortHex(id));
      }
      store.seal(id);
      long ms = Math.max(1, (System.nanoTime() - start) / 1_000_000);
      LOG.fine("pulled object " + ObjectIds.shortHex(id) + " (" + size + " bytes) from " + from + " in " + ms + " ms");
      return size;
    } catch (StatusRuntimeException e) {
      abort(id, created);
      Status status = e.getStatus();
      StoreException.Reason reason = status.getCode() == Status.Code.NOT_FOUND
          ? StoreException.Reason.NOT_FOUND : StoreException.Reason.PEER_FAILED;
      throw new StoreException(reason, "Cannot pull object " + ObjectIds.shortHex(id) + " from the object store at "
          + from + ": " + status.getCode() + (status.getDescription() == null ? "" : " " + status.getDescription()), e);
    } catch (IOException e) {
      abort(id, created);
      throw new StoreException(StoreException.Reason.IO, "Cannot write pulled object " + ObjectIds.shortHex(id)
          + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      abort(id, created);
      throw e;
    } finally {
      call.detach(previous);
      call.cancel(null);
    }
  }

  private void abort(ByteString id, boolean created) {
    if (created) {
      try {
        store.delete(List.of(id));
      } catch (RuntimeException e) {
        LOG.fine("cannot abort pulled object " + ObjectIds.shortHex(id) + ": " + e.getMessage());
      }
    }
  }

  private static long join(CompletableFuture<Long> running, ByteString id) {
    try {
      return running.get(JrayConfig.OBJECT_PULL_TIMEOUT_MS.get(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw new StoreException(StoreException.Reason.PEER_FAILED, String.valueOf(e.getCause()), e.getCause());
    } catch (TimeoutException e) {
      throw new StoreException(StoreException.Reason.PEER_FAILED,
          "timed out waiting for another pull of object " + ObjectIds.shortHex(id));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw StoreException.closed();
    }
  }

  @Override
  public void close() {
    peers.close();
  }
}
