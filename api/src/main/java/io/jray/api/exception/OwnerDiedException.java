package io.jray.api.exception;

import io.jray.api.id.ObjectId;

/**
 * Thrown when an object cannot be read because the process that owns it (the driver or worker that put it or
 * submitted the task that makes it) died: the owner held its value's location and lineage, so nothing can rebuild
 * it (Python Ray's OwnerDiedError).
 */
public class OwnerDiedException extends UnreconstructableException {

  private static final long serialVersionUID = 1L;

  public OwnerDiedException(String message) {
    super(message);
  }

  public OwnerDiedException(String message, Throwable cause) {
    super(message, cause);
  }

  public OwnerDiedException(String message, ObjectId objectId) {
    super(message, objectId);
  }
}
