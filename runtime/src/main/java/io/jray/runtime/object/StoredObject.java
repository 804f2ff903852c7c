package io.jray.runtime.object;

import io.jray.proto.Address;
import io.jray.proto.ErrorInfo;

/**
 * A sealed object: its serialized value inline, or where a large value lives (an object store holding its
 * primary copy, with its size in the store when known, else -1), or the error that stands in for it (a failed
 * task's return).
 */
public record StoredObject(byte[] value, ErrorInfo error, Address storedAt, long storedSize) {
  public static StoredObject ofValue(byte[] value) {
    return new StoredObject(value, null, null, -1);
  }

  public static StoredObject ofError(ErrorInfo error) {
    return new StoredObject(null, error, null, -1);
  }

  public static StoredObject ofStored(Address store) {
    return new StoredObject(null, null, store, -1);
  }

  public static StoredObject ofStored(Address store, long size) {
    return new StoredObject(null, null, store, size);
  }

  /** The outcome a task reply carries. */
  public static StoredObject fromReply(io.jray.proto.PushTaskReply reply) {
    if (reply.hasError()) {
      return ofError(reply.getError());
    }
    return reply.hasStoredAt() ? ofStored(reply.getStoredAt(), reply.getStoredSize() > 0 ? reply.getStoredSize() : -1)
        : ofValue(reply.getValue().toByteArray());
  }

  public boolean isStored() {
    return storedAt != null;
  }

  public boolean isError() {
    return error != null;
  }
}
