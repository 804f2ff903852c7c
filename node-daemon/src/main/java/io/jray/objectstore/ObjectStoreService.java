package io.jray.objectstore;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.jray.proto.Address;
import io.jray.proto.ArenaLocation;
import io.jray.proto.GetStoreStatsReply;
import io.jray.proto.GetStoreStatsRequest;
import io.jray.proto.ObjectStoreServiceGrpc;
import io.jray.proto.ReadChunksReply;
import io.jray.proto.ReadChunksRequest;
import io.jray.proto.StoreConnectReply;
import io.jray.proto.StoreConnectRequest;
import io.jray.proto.StoreContainsReply;
import io.jray.proto.StoreContainsRequest;
import io.jray.proto.StoreCreateReply;
import io.jray.proto.StoreCreateRequest;
import io.jray.proto.StoreDeleteReply;
import io.jray.proto.StoreDeleteRequest;
import io.jray.proto.StoreGetReply;
import io.jray.proto.StoreGetRequest;
import io.jray.proto.StoreGetResult;
import io.jray.proto.StorePullReply;
import io.jray.proto.StorePullRequest;
import io.jray.proto.StoreReleaseReply;
import io.jray.proto.StoreReleaseRequest;
import io.jray.proto.StoreSealReply;
import io.jray.proto.StoreSealRequest;
import io.jray.runtime.rpc.HostPort;
import com.google.protobuf.ByteString;
import io.jray.runtime.process.DaemonThreads;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Callable;

/** gRPC face of the object store: translates requests to {@link ObjectStore} and {@link ObjectTransfer} calls. */
final class ObjectStoreService extends ObjectStoreServiceGrpc.ObjectStoreServiceImplBase {
  private final ObjectStore store;
  private final ObjectTransfer transfer;
  private final SharedMemoryDir shm;
  private final ClientSessions sessions =
      new ClientSessions(io.jray.runtime.config.JrayConfig.OBJECT_STORE_COLLECT_INTERVAL_MS.get());
  private final double collectFraction = io.jray.runtime.config.JrayConfig.OBJECT_STORE_COLLECT_FRACTION.get();
  private final long sessionGraceMs = io.jray.runtime.config.JrayConfig.OBJECT_STORE_SESSION_GRACE_MS.get();
  /** Ends the sessions whose client did not reconnect within the grace period. */
  private final ScheduledExecutorService sessionEnds =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("store-session-ends"));

  ObjectStoreService(ObjectStore store, ObjectTransfer transfer, SharedMemoryDir shm) {
    this.store = store;
    this.transfer = transfer;
    this.shm = shm;
  }

  @Override
  public void getStoreStats(GetStoreStatsRequest request, StreamObserver<GetStoreStatsReply> reply) {
    answer(reply, () -> {
      ObjectStore.Stats stats = store.stats();
      return GetStoreStatsReply.newBuilder()
          .setCapacityBytes(stats.capacity())
          .setUsedBytes(stats.usedBytes())
          .setNumObjects(stats.objects())
          .setShmPath(shm.path().toString())
          .setArenaPath(store.arena().path().toString())
          .setChunkSize(store.arena().chunkSize())
          .setNumSpilled(stats.spilledObjects())
          .setSpilledBytes(stats.spilledBytes())
          .setSpillCount(stats.spills())
          .setRestoreCount(stats.restores())
          .setEvictionCount(stats.evictions())
          .setSpillDir(store.spillPath().toString())
          .setPinnedBytes(stats.pinnedBytes())
          .build();
    });
  }

  @Override
  public void create(StoreCreateRequest request, StreamObserver<StoreCreateReply> reply) {
    answer(reply, () -> {
      ObjectStore.Location location;
      try {
        location = store.create(request.getObjectId(), request.getSize(), request.getPrimary(),
            request.getClientId());
      } catch (StoreException e) {
        if (e.reason() == StoreException.Reason.FULL) {
          sessions.afterCreate(true);
        }
        throw e;
      }
      sessions.afterCreate(store.fullerThan(collectFraction));
      return StoreCreateReply.newBuilder().setLocation(toProto(location)).build();
    });
  }

  @Override
  public void seal(StoreSealRequest request, StreamObserver<StoreSealReply> reply) {
    answer(reply, () -> {
      store.seal(request.getObjectId());
      return StoreSealReply.getDefaultInstance();
    });
  }

  /**
   * A client's session: open, its pins and unsealed objects are its own. When the stream breaks the client may be
   * dead or reconnecting, so its pins are released only if it has not reconnected within the grace period.
   */
  @Override
  public void connect(StoreConnectRequest request, StreamObserver<StoreConnectReply> reply) {
    ByteString client = request.getClientId();
    store.connected(client);
    ServerCallStreamObserver<StoreConnectReply> session = (ServerCallStreamObserver<StoreConnectReply>) reply;
    sessions.add(session, () -> {
      store.sessionBroken(client);
      sessionEnds.schedule(() -> store.disconnect(client), sessionGraceMs, TimeUnit.MILLISECONDS);
    });
    synchronized (session) {
      session.onNext(StoreConnectReply.getDefaultInstance()); // tells the client its session is open
    }
  }

  /** Ends every client session, so a stopping server need not wait for the clients to hang up. */
  void endSessions() {
    sessionEnds.shutdownNow();
    sessions.endAll();
  }

  @Override
  public void get(StoreGetRequest request, StreamObserver<StoreGetReply> reply) {
    answer(reply, () -> {
      ObjectStore.Location[] found =
          store.get(request.getClientId(), request.getObjectIdsList(), request.getTimeoutMs());
      if (Context.current().isCancelled()) {
        // The caller gave up (or died) while this Get waited: nobody will release what it pinned.
        for (int i = 0; i < found.length; i++) {
          if (found[i] != null) {
            store.release(request.getClientId(), List.of(request.getObjectIds(i)));
          }
        }
        throw Status.CANCELLED.withDescription("the caller cancelled the Get").asException();
      }
      StoreGetReply.Builder out = StoreGetReply.newBuilder();
      for (int i = 0; i < found.length; i++) {
        StoreGetResult.Builder result = StoreGetResult.newBuilder().setObjectId(request.getObjectIds(i));
        if (found[i] != null) {
          result.setFound(true).setLocation(toProto(found[i]));
        }
        out.addResults(result);
      }
      return out.build();
    });
  }

  @Override
  public void release(StoreReleaseRequest request, StreamObserver<StoreReleaseReply> reply) {
    answer(reply, () -> {
      store.release(request.getClientId(), request.getObjectIdsList());
      if (request.getEndSession() && !request.getClientId().isEmpty()) {
        store.endSession(request.getClientId());
      }
      return StoreReleaseReply.getDefaultInstance();
    });
  }

  @Override
  public void delete(StoreDeleteRequest request, StreamObserver<StoreDeleteReply> reply) {
    answer(reply, () -> StoreDeleteReply.newBuilder().setNumDeleted(store.delete(request.getObjectIdsList())).build());
  }

  @Override
  public void contains(StoreContainsRequest request, StreamObserver<StoreContainsReply> reply) {
    answer(reply, () -> StoreContainsReply.newBuilder().setContains(store.contains(request.getObjectId())).build());
  }

  @Override
  public void pull(StorePullRequest request, StreamObserver<StorePullReply> reply) {
    answer(reply, () -> {
      Address from = request.getFromStoreAddress();
      long size = transfer.pull(request.getObjectId(), new HostPort(from.getIp(), from.getPort()),
          request.getTimeoutMs());
      return StorePullReply.newBuilder().setSize(size).build();
    });
  }

  @Override
  public void readChunks(ReadChunksRequest request, StreamObserver<ReadChunksReply> reply) {
    ObjectTransfer.PinnedObject object;
    try {
      object = transfer.openForRead(request.getObjectId(), request.getTimeoutMs());
    } catch (RuntimeException e) {
      reply.onError(toStatus(e).asRuntimeException());
      return;
    }
    ChunkSender.start(object, (ServerCallStreamObserver<ReadChunksReply>) reply,
        ObjectTransfer.chunkBytes(request.getChunkBytes()));
  }

  private static ArenaLocation toProto(ObjectStore.Location location) {
    return ArenaLocation.newBuilder()
        .setChunk(location.chunk())
        .setOffset(location.offset())
        .setSize(location.size())
        .build();
  }

  private static <T> void answer(StreamObserver<T> reply, Callable<T> work) {
    T value;
    try {
      value = work.call();
    } catch (Exception e) {
      reply.onError(toStatus(e).asRuntimeException());
      return;
    }
    reply.onNext(value);
    reply.onCompleted();
  }

  /** The status a caller sees for a refused request: the code says what kind, the description says what. */
  static Status toStatus(Exception e) {
    if (e instanceof StatusException se) {
      return se.getStatus();
    }
    if (e instanceof StoreException se) {
      Status status = switch (se.reason()) {
        case FULL -> Status.RESOURCE_EXHAUSTED;
        case EXISTS -> Status.ALREADY_EXISTS;
        case NOT_FOUND -> Status.NOT_FOUND;
        case BAD_STATE -> Status.FAILED_PRECONDITION;
        case CLOSED, PEER_FAILED -> Status.UNAVAILABLE;
        case IO -> Status.INTERNAL;
      };
      return status.withDescription(se.getMessage());
    }
    if (e instanceof IllegalArgumentException) {
      return Status.INVALID_ARGUMENT.withDescription(e.getMessage());
    }
    return Status.INTERNAL.withDescription(String.valueOf(e)).withCause(e);
  }
}
