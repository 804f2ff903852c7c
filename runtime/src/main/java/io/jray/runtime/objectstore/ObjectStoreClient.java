package io.jray.runtime.objectstore;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.jray.proto.Address;
import io.jray.proto.ArenaLocation;
import io.jray.proto.GetStoreStatsReply;
import io.jray.proto.GetStoreStatsRequest;
import io.jray.proto.ObjectStoreServiceGrpc;
import io.jray.proto.StoreConnectReply;
import io.jray.proto.StoreConnectRequest;
import io.jray.proto.StoreContainsRequest;
import io.jray.proto.StoreCreateRequest;
import io.jray.proto.StoreDeleteRequest;
import io.jray.proto.StoreGetReply;
import io.jray.proto.StoreGetRequest;
import io.jray.proto.StoreGetResult;
import io.jray.proto.StorePullRequest;
import io.jray.proto.StoreReleaseRequest;
import io.jray.proto.StoreSealRequest;
import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.rpc.AuthToken;
import io.jray.runtime.rpc.HostPort;
import io.jray.runtime.rpc.RpcChannels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * A process's handle on its node's object store: the gRPC calls to the store, and the store's arena file mapped
 * once into this process, so puts write straight into shared memory and reads copy straight out of it (or do not
 * copy at all, with {@link #getView}). Only for a store on this machine. Thread-safe; one per process is enough.
 *
 * <p>Every call has a deadline ({@code jray.rpc_timeout_ms}, plus the wait asked for, or
 * {@code jray.object_pull_timeout_ms} for pulls), except the session stream that lives as long as the client: when
 * it ends (close, or this process dies) the store releases the pins this client's views still hold. Failures are
 * {@link ObjectStoreException}s; {@link ObjectStoreFullException} when an object does not fit.
 */
public final class ObjectStoreClient implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ObjectStoreClient.class.getName());

  private final HostPort address;
  private final ManagedChannel channel;
  private final ObjectStoreServiceGrpc.ObjectStoreServiceBlockingStub stub;
  /** This client's session with the store: the pins of its Gets are released if the session ends. */
  private final ByteString clientId;
  private final Path arenaPath;
  private final long chunkSize;
  private final long arenaSize;
  private final FileChannel arenaFile;
  /** Reopens broken session streams of every client of this process. */
  private static final java.util.concurrent.ScheduledExecutorService RECONNECTS =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
          io.jray.runtime.process.DaemonThreads.named("object-store-session"));
  /** Session stream breaks in a row with no reopening in between. */
  private volatile int sessionFailures;
  private volatile boolean closed;
  /** Chunk i of the arena, mapped on first use. */
  private final AtomicReferenceArray<MappedByteBuffer> chunks;

  /** What the store holds and has done (its GetStoreStats). */
  public record StoreStats(long capacityBytes, long usedBytes, long objects, long spilledObjects, long spilledBytes,
      long pinnedBytes, long spillCount, long restoreCount, long evictionCount, String arenaPath, String spillDir) {}

  /** Connects to the store at {@code address} and maps its arena. */
  public ObjectStoreClient(HostPort address, AuthToken token) {
    this.address = address;
    this.channel = RpcChannels.open(address);
    this.stub = ObjectStoreServiceGrpc.newBlockingStub(channel).withCallCredentials(RpcChannels.credentials(token));
    byte[] id = new byte[16];
    ThreadLocalRandom.current().nextBytes(id);
    this.clientId = ByteString.copyFrom(id);
    try {
      GetStoreStatsReply stats = call(() -> withDeadline(JrayConfig.RPC_TIMEOUT_MS.get())
          .getStoreStats(GetStoreStatsRequest.getDefaultInstance()));
      this.arenaPath = Path.of(stats.getArenaPath());
      this.chunkSize = stats.getChunkSize();
      if (!Files.isRegularFile(arenaPath)) {
        throw new ObjectStoreException("The object store at " + address + " keeps its memory in " + arenaPath
            + ", which this machine does not have: a client must run on the store's own node.");
      }
      this.arenaFile = ArenaFile.open(arenaPath);
      this.arenaSize = arenaFile.size();
      this.chunks = new AtomicReferenceArray<>((int) ((arenaSize + chunkSize - 1) / chunkSize));
      openSession(token);
    } catch (IOException e) {
      RpcChannels.close(channel);
      throw new ObjectStoreException("Cannot open the object store's arena: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      RpcChannels.close(channel);
      throw e;
    }
  }

  public static ObjectStoreClient connect(String host, int port, AuthToken token) {
    return new ObjectStoreClient(new HostPort(host, port), token);
  }

  public HostPort address() {
    return address;
  }

  /** The id of this client's session with the store. */
  public ByteString clientId() {
    return clientId;
  }

  /** Stores {@code data} as a primary copy: Create, one copy into shared memory, Seal. */
  public void put(byte[] id, byte[] data) {
    put(id, data.length, buffer -> buffer.put(data));
  }

  /**
   * Stores an object of {@code size} bytes that {@code writer} writes in place: it gets a buffer over the object's
   * shared memory (position 0, limit {@code size}) and must fill it before it returns; then the object is sealed.
   * If the writer throws, the object is deleted and the exception passes through.
   */
  public void put(byte[] id, int size, Consumer<ByteBuffer> writer) {
    ByteString key = ByteString.copyFrom(id);
    ArenaLocation location = call(() -> withDeadline(JrayConfig.RPC_TIMEOUT_MS.get())
        .create(StoreCreateRequest.newBuilder().setObjectId(key).setSize(size).setPrimary(true)
            .setClientId(clientId).build()))
        .getLocation();
    try {
      writer.accept(slice(location));
      call(() -> withDeadline(JrayConfig.RPC_TIMEOUT_MS.get())
          .seal(StoreSealRequest.newBuilder().setObjectId(key).build()));
    } catch (RuntimeException | Error e) {
      try {
        delete(List.of(id));
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /**
   * A copy of the object, waiting up to {@code timeoutMs} (negative: without limit) for it to be sealed here;
   * null if it was not sealed in time.
   */
  public byte[] get(byte[] id, long timeoutMs) {
    ByteBuffer view = getView(id, timeoutMs);
    if (view == null) {
      return null;
    }
    try {
      byte[] out = new byte[view.remaining()];
      view.get(0, out);
      return out;
    } finally {
      release(id);
    }
  }

  /**
   * The object's bytes in shared memory, read-only and without a copy, pinned in the store until
   * {@link #release}; null if it was not sealed within {@code timeoutMs} (negative: without limit). The buffer
   * must not be used after the release: the space may then hold another object.
   */
  public ByteBuffer getView(byte[] id, long timeoutMs) {
    return getViews(List.of(id), timeoutMs).get(0);
  }

  /** {@link #getView} of several objects in one call; each found one is pinned (release each). */
  public List<ByteBuffer> getViews(List<byte[]> ids, long timeoutMs) {
    List<ByteString> wanted = ids.stream().map(ByteString::copyFrom).toList();
    long slice = JrayConfig.RPC_TIMEOUT_MS.get();
    long deadline = timeoutMs < 0 ? Long.MAX_VALUE : System.currentTimeMillis() + timeoutMs;
    List<ByteBuffer> views = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      views.add(null);
    }
    // An unbounded wait is a series of bounded ones, so a lost store shows up as an error rather than a hang.
    while (true) {
      long wait = Math.max(0, Math.min(slice, deadline - System.currentTimeMillis()));
      StoreGetRequest.Builder round = StoreGetRequest.newBuilder().setTimeoutMs(wait).setClientId(clientId);
      List<Integer> positions = new ArrayList<>();
      for (int i = 0; i < wanted.size(); i++) {
        if (views.get(i) == null) {
          round.addObjectIds(wanted.get(i));
          positions.add(i);
        }
      }
      StoreGetReply reply = call(() -> withDeadline(wait + JrayConfig.RPC_TIMEOUT_MS.get()).get(round.build()));
      boolean missing = false;
      for (int k = 0; k < reply.getResultsCount(); k++) {
        StoreGetResult result = reply.getResults(k);
        if (result.getFound()) {
          views.set(positions.get(k), slice(result.getLocation()).asReadOnlyBuffer());
        } else {
          missing = true;
        }
      }
      if (!missing || System.currentTimeMillis() >= deadline) {
        return views;
      }
    }
  }

  /** Unpins an object a {@link #getView} pinned. */
  public void release(byte[] id) {
    call(() -> withDeadline(JrayConfig.RPC_TIMEOUT_MS.get())
        .release(StoreReleaseRequest.newBuilder().setClientId(clientId).addObjectIds(ByteString.copyFrom(id))
            .build()));
  }

  /**
   * Has the store fetch the object from another node's store ({@code host:port}), waiting there up to
   * {@code timeoutMs} for it to be sealed; when this returns, the object is local. Returns its size.
   */
  public long pull(byte[] id, String host, int port, long timeoutMs) {
    StorePullRequest request = StorePullRequest.newBuilder()
        .setObjectId(ByteString.copyFrom(id))
        .setFromStoreAddress(Address.newBuilder().setIp(host).setPort(port))
        .setTimeoutMs(Math.max(0, timeoutMs))
        .build();
    long deadline = JrayConfig.OBJECT_PULL_TIMEOUT_MS.get() + JrayConfig.RPC_TIMEOUT_MS.get() + Math.max(0, timeoutMs);
    return call(() -> withDeadline(deadline).pull(request)).getSize();
  }

  /** {@link #pull(byte[], String, int, long)} of an object already sealed there. */
  public long pull(byte[] id, String host, int port) {
    return pull(id, host, port, 0);
  }

  /** Deletes an object (freed once its readers release it); false if the store did not have it. */
  public boolean delete(byte[] id) {
    return delete(List.of(id)) > 0;
  }

  /** Deletes objects; returns how many the store had. */
  public int delete(List<byte[]> ids) {
    StoreDeleteRequest.Builder request = StoreDeleteRequest.newBuilder();
    ids.forEach(id -> request.addObjectIds(ByteString.copyFrom(id)));
    return call(() -> withDeadline(JrayConfig.RPC_TIMEOUT_MS.get()).delete(request.build())).getNumDeleted();
  }

  /** Whether the object is sealed in this store (in memory or spilled). */
  public boolean contains(byte[] id) {
    return call(() -> withDeadline(JrayConfig.RPC_TIMEOUT_MS.get())
        .contains(StoreContainsRequest.newBuilder().setObjectId(ByteString.copyFrom(id)).build())).getContains();
  }

  public StoreStats stats() {
    GetStoreStatsReply s = call(() -> withDeadline(JrayConfig.RPC_TIMEOUT_MS.get())
        .getStoreStats(GetStoreStatsRequest.getDefaultInstance()));
    return new StoreStats(s.getCapacityBytes(), s.getUsedBytes(), s.getNumObjects(), s.getNumSpilled(),
        s.getSpilledBytes(), s.getPinnedBytes(), s.getSpillCount(), s.getRestoreCount(), s.getEvictionCount(),
        s.getArenaPath(), s.getSpillDir());
  }

  /** Closes the connection. Views already handed out stay readable (the mapping lives until they are collected). */
  @Override
  public void close() {
    closed = true;
    try {
      // Ends the session now, so the store need not keep this client's pins through its grace period.
      stub.withDeadlineAfter(JrayConfig.RPC_TIMEOUT_MS.get(), TimeUnit.MILLISECONDS).release(
          StoreReleaseRequest.newBuilder().setClientId(clientId).setEndSession(true).build());
    } catch (StatusRuntimeException storeGone) {
      // its session ends with the connection anyway
    }
    RpcChannels.close(channel);
    try {
      arenaFile.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Opens the session stream. It is the one call without a deadline: it lasts as long as this client, and when
   * the connection drops (this process ends) the store releases the pins this client still holds. The store asks
   * on it for a garbage collection when its arena fills (see {@link GarbageCollectionRequests}).
   */
  private void openSession(AuthToken token) {
    ObjectStoreServiceGrpc.newStub(channel).withCallCredentials(RpcChannels.credentials(token))
        .connect(StoreConnectRequest.newBuilder().setClientId(clientId).build(), new StreamObserver<>() {
          @Override
          public void onNext(StoreConnectReply notice) {
            sessionFailures = 0; // the store sends one notice as the session opens
            if (notice.getCollectGarbage()) {
              GarbageCollectionRequests.request();
            }
          }

          @Override
          public void onError(Throwable t) {
            sessionBroke(token, t);
          }

          @Override
          public void onCompleted() {
            sessionBroke(token, Status.UNAVAILABLE.withDescription("the store ended the session").asException());
          }
        });
  }

  /**
   * The session stream broke while this client lives (a network blip, or the store restarting): it is opened
   * again, with backoff, under the same id, and the store, which keeps a broken session's pins for a grace
   * period, keeps them. A store silent through every retry is gone: the calls themselves then say so.
   */
  private void sessionBroke(AuthToken token, Throwable cause) {
    if (closed || channel.isShutdown()) {
      return;
    }
    int failures = ++sessionFailures;
    if (io.jray.runtime.rpc.Backoff.standard().exhausted(failures)) {
      LOG.warning("session with the object store at " + address + " lost for good after " + failures + " tries: "
          + cause);
      return;
    }
    LOG.fine("session with the object store at " + address + " broke (" + cause + "); reopening it");
    try {
      RECONNECTS.schedule(() -> {
        if (!closed && !channel.isShutdown()) {
          openSession(token);
        }
      }, io.jray.runtime.rpc.Backoff.standard().delayMs(failures), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
      // the JVM is exiting
    }
  }

  /** A writable view of an object's bytes in this process's mapping of the arena. */
  private ByteBuffer slice(ArenaLocation location) {
    return chunk(location.getChunk()).slice((int) location.getOffset(), Math.toIntExact(location.getSize()));
  }

  private MappedByteBuffer chunk(int index) {
    MappedByteBuffer chunk = chunks.get(index);
    if (chunk != null) {
      return chunk;
    }
    synchronized (chunks) {
      chunk = chunks.get(index);
      if (chunk == null) {
        long start = index * chunkSize;
        try {
          chunk = arenaFile.map(FileChannel.MapMode.READ_WRITE, start, Math.min(chunkSize, arenaSize - start));
        } catch (IOException e) {
          throw new ObjectStoreException("Cannot map chunk " + index + " of " + arenaPath + ": " + e.getMessage(), e);
        }
        chunks.set(index, chunk);
      }
      return chunk;
    }
  }

  private ObjectStoreServiceGrpc.ObjectStoreServiceBlockingStub withDeadline(long ms) {
    return stub.withDeadlineAfter(ms, TimeUnit.MILLISECONDS);
  }

  private interface Rpc<T> {
    T run();
  }

  /** Runs one call and turns its failure into one sentence naming the store. */
  private <T> T call(Rpc<T> rpc) {
    try {
      return rpc.run();
    } catch (StatusRuntimeException e) {
      Status status = e.getStatus();
      String what = status.getDescription() != null ? status.getDescription() : status.getCode().toString();
      switch (status.getCode()) {
        case RESOURCE_EXHAUSTED:
          throw new ObjectStoreFullException(what, e);
        case UNAUTHENTICATED:
          throw new ObjectStoreException("The object store at " + address + " rejected this process's cluster token ("
              + what + ").", e);
        case UNAVAILABLE:
        case DEADLINE_EXCEEDED:
          throw new ObjectStoreException("The object store at " + address + " did not answer: " + what, e);
        default:
          throw new ObjectStoreException(what, e);
      }
    }
  }
}
