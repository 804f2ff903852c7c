package io.jray.runtime.object;

import com.google.protobuf.ByteString;
import io.jray.proto.Address;

/**
 * A stored object's copy could not be read from the object store that held it: the store (its node) is gone or
 * no longer has it. Not for users: the object's owner catches it and looks for another copy or rebuilds the
 * object; when it cannot, the reader gets an {@link io.jray.api.exception.UnreconstructableException}.
 */
public final class CopyLostException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient ByteString objectId;
  private final transient Address storedAt;

  public CopyLostException(ByteString objectId, Address storedAt, String message) {
    super(message, null, false, false);
    this.objectId = objectId;
    this.storedAt = storedAt;
  }

  public ByteString objectId() {
    return objectId;
  }

  /** The object store that held the copy. */
  public Address storedAt() {
    return storedAt;
  }
}
