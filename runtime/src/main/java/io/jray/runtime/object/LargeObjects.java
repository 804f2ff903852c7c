package io.jray.runtime.object;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.jray.proto.Address;
import io.jray.proto.StoreContainsRequest;
import io.jray.proto.StoreDeleteReply;
import io.jray.proto.StoreDeleteRequest;
import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.objectstore.ObjectStoreClient;
import io.jray.runtime.objectstore.ObjectStoreException;
import io.jray.runtime.rpc.PeerChannels;
import io.jray.runtime.serialization.Serializer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;


/**
 * Where values too large to travel inline go: this node's shared-memory object store. Small values stay
 * inline; a large one is written to the local store (its primary copy) and referred to by the store's address;
 * reading one pulls it into the local store first when it lives on another node. Thread-safe.
 */
public final class LargeObjects {
  private static final Logger LOG = Logger.getLogger(LargeObjects.class.getName());
  private final ObjectStoreClient store;
  private final Address storeAddress;
  private final PeerChannels peers;
  private final StoreNodes nodes;

  /**
   * @param store null when no object store is reachable (values then always travel inline)
   * @param nodes tells whether a store that does not answer is on a dead node
   */
  public LargeObjects(ObjectStoreClient store, Address storeAddress, PeerChannels peers, StoreNodes nodes) {
    this.store = store;
    this.storeAddress = storeAddress;
    this.peers = peers;
    this.nodes = nodes;
  }

  /**
   * A freed object: deletes its primary copy from the store that holds it, on whichever node, and the copy a
   * get pulled into this node's store (best effort; copies pulled elsewhere are secondary and evictable).
   */
  public void discard(ByteString id, StoredObject object) {
    if (object == null || !object.isStored()) {
      return;
    }
    deleteAt(object.storedAt(), id);
    if (storeAddress != null && !storeAddress.equals(object.storedAt())) {
      deleteAt(storeAddress, id);
    }
  }

  /**
   * In the root context: a free can follow from a call this process serves (a borrower's release), whose context
   * is cancelled, with every call started in it, as soon as that call is answered.
   */
  private void deleteAt(Address store, ByteString id) {
    StreamObserver<StoreDeleteReply> done = new StreamObserver<>() {
      @Override
      public void onNext(StoreDeleteReply reply) {}

      @Override
      public void onError(Throwable t) {
        LOG.fine("deleting object " + java.util.HexFormat.of().formatHex(id.toByteArray()) + " failed: " + t);
      }

      @Override
      public void onCompleted() {}
    };
    StoreDeleteRequest request = StoreDeleteRequest.newBuilder().addObjectIds(id).build();
    io.grpc.Context.ROOT.run(() -> peers.objectStore(store)
        .withDeadlineAfter(JrayConfig.RPC_TIMEOUT_MS.get(), TimeUnit.MILLISECONDS).delete(request, done));
  }

  /**
   * Serializes {@code value} and keeps it: inline when small, else in the local store. A large value whose size
   * is known beforehand (a primitive array) is serialized straight into shared memory: one pass over its bytes
   * instead of three (a heap array zeroed, filled, then copied). Refs inside it are added to {@code nested}.
   */
  public StoredObject keep(ByteString id, Object value, Serializer serializer, List<ObjectRefImpl<?>> nested) {
    long bound = serializer.sizeBound(value);
    if (store != null && bound > JrayConfig.MAX_INLINE_OBJECT_BYTES.get() && bound <= Integer.MAX_VALUE) {
      try {
        putInStore(id, (int) bound, buffer -> {
          if (!serializer.serializeInto(buffer, value)) {
            throw new DidNotFit();
          }
        });
        return StoredObject.ofStored(storeAddress, bound);
      } catch (DidNotFit e) {
        // the bound was wrong for this value: the general path below
      }
    }
    return keep(id, serializer.serialize(value, nested));
  }

  /** Keeps {@code bytes} inline when small, else in the local store. */
  public StoredObject keep(ByteString id, byte[] bytes) {
    if (store == null || bytes.length <= JrayConfig.MAX_INLINE_OBJECT_BYTES.get()) {
      return StoredObject.ofValue(bytes);
    }
    putInStore(id, bytes.length, buffer -> buffer.put(bytes));
    return StoredObject.ofStored(storeAddress, bytes.length);
  }

  private void putInStore(ByteString id, int size, java.util.function.Consumer<java.nio.ByteBuffer> writer) {
    try {
      store.put(id.toByteArray(), size, writer);
    } catch (ObjectStoreException e) {
      throw new io.jray.api.exception.RayException("The object store of this node cannot hold a value of "
          + size + " bytes: " + e.getMessage(), e);
    }
  }

  /** A value's bytes outgrew the size bound they were to be written into. */
  private static final class DidNotFit extends RuntimeException {
    DidNotFit() {
      super(null, null, false, false);
    }
  }

  /**
   * The serialized value of a non-error object, from the local store (pulled there first if need be).
   *
   * @throws CopyLostException when the store that held the copy is gone or no longer has it
   */
  public byte[] bytes(ByteString id, StoredObject object) {
    if (!object.isStored()) {
      return object.value();
    }
    byte[] key = id.toByteArray();
    Address at = object.storedAt();
    io.jray.runtime.rpc.Backoff retry = io.jray.runtime.rpc.Backoff.standard();
    String why = "it was not there";
    for (int failures = 0; !retry.exhausted(failures); failures++) {
      if (failures > 0) {
        // A store that answers without the copy, or whose node the GCS declared dead, will not have it later.
        if (copyAt(at, id) == Copy.GONE) {
          break;
        }
        pause(retry.delayMs(failures));
      }
      try {
        if (!at.equals(storeAddress)) {
          store.pull(key, at.getIp(), at.getPort());
        }
        byte[] value = store.get(key, JrayConfig.RPC_TIMEOUT_MS.get());
        if (value != null) {
          return value;
        }
        why = "it is not in this node's object store";
      } catch (ObjectStoreException e) {
        why = e.getMessage();
      }
    }
    throw new CopyLostException(id, at, "Object " + java.util.HexFormat.of().formatHex(key)
        + " could not be read from the object store at " + at.getIp() + ":" + at.getPort() + " (" + why + ").");
  }

  /** Whether a store holds an object's copy, as far as can be told now. */
  public enum Copy {
    HELD,
    /** The store answered without it, or its node is dead. */
    GONE,
    /** The store did not answer, but its node is not known to be dead. */
    UNKNOWN
  }

  /** Asks the store at {@code at} whether it holds the object; a store that does not answer is asked of the GCS. */
  public Copy copyAt(Address at, ByteString id) {
    if (store == null) {
      return Copy.UNKNOWN;
    }
    try {
      boolean held = at.equals(storeAddress) ? store.contains(id.toByteArray())
          : peers.objectStoreBlocking(at).withDeadlineAfter(JrayConfig.RPC_TIMEOUT_MS.get(), TimeUnit.MILLISECONDS)
              .contains(StoreContainsRequest.newBuilder().setObjectId(id).build()).getContains();
      return held ? Copy.HELD : Copy.GONE;
    } catch (ObjectStoreException | io.grpc.StatusRuntimeException e) {
      return nodes.isDead(at) ? Copy.GONE : Copy.UNKNOWN;
    }
  }

  /** This node's object store (where this process's large values go), or null when there is none. */
  public Address localStore() {
    return store == null ? null : storeAddress;
  }

  /** Which node a store belongs to, and whether it is alive. */
  public StoreNodes nodes() {
    return nodes;
  }

  private static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new io.jray.api.exception.RayException("Interrupted while waiting to read an object again.");
    }
  }
}
