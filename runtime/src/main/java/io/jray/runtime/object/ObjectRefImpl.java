package io.jray.runtime.object;

import com.google.protobuf.ByteString;
import io.jray.api.ObjectRef;
import io.jray.api.id.ObjectId;
import io.jray.proto.Address;
import io.jray.proto.ObjectRefProto;
import java.util.Arrays;

/**
 * An object's id and its owner's address. A ref serializes inside any value (nested refs, through
 * {@link ObjectRefSerializer}) and resolves wherever it lands by asking its owner.
 */
public final class ObjectRefImpl<T> implements ObjectRef<T> {
  private final byte[] id;
  private final String ownerHost;
  private final int ownerPort;
  /**
   * Shared by the refs read out of one value: the reference counter watches this one object instead of each ref
   * (a value of 10,000 refs costs one cleaner, not 10,000), and counts them all gone when it is collected.
   */
  @SuppressWarnings("unused")
  private Object batch;

  public ObjectRefImpl(byte[] id, String ownerHost, int ownerPort) {
    this.id = id;
    this.ownerHost = ownerHost;
    this.ownerPort = ownerPort;
  }

  public static <T> ObjectRefImpl<T> fromProto(ObjectRefProto p) {
    return new ObjectRefImpl<>(p.getObjectId().toByteArray(), p.getOwner().getIp(), p.getOwner().getPort());
  }

  void joinBatch(Object token) {
    this.batch = token;
  }

  /** The id's bytes, not copied: callers must not change them. */
  byte[] idArray() {
    return id;
  }

  String ownerHost() {
    return ownerHost;
  }

  int ownerPort() {
    return ownerPort;
  }

  public ObjectRefProto toProto() {
    return ObjectRefProto.newBuilder().setObjectId(idBytes()).setOwner(owner()).build();
  }

  /** The id as the wire's type; it shares the id's bytes, which no one changes (a ref's id is fixed). */
  public ByteString idBytes() {
    return com.google.protobuf.UnsafeByteOperations.unsafeWrap(id);
  }

  public Address owner() {
    return Address.newBuilder().setIp(ownerHost).setPort(ownerPort).build();
  }

  @Override
  public ObjectId getId() {
    return ObjectId.fromBytes(id);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ObjectRefImpl<?> other && Arrays.equals(id, other.id);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(id);
  }

  @Override
  public String toString() {
    return "ObjectRef(" + getId().toHex() + ")";
  }
}
