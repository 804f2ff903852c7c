package io.jray.runtime.object;

import io.jray.proto.ErrorInfo;

/** A sealed object: its serialized value, or the error that stands in for it (a failed task's return). */
public record StoredObject(byte[] value, ErrorInfo error) {
  public static StoredObject ofValue(byte[] value) {
    return new StoredObject(value, null);
  }

  public static StoredObject ofError(ErrorInfo error) {
    return new StoredObject(null, error);
  }

  public boolean isError() {
    return error != null;
  }
}
