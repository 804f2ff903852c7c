package io.jray.api.exception;

import io.jray.api.id.ObjectId;

/**
 * Thrown when an object was lost and cannot be rebuilt, for example a {@code put} object whose
 * node died. Carries the object's id when it is known.
 */
public class UnreconstructableException extends RayException {

  private static final long serialVersionUID = 1L;

  private final ObjectId objectId;

  public UnreconstructableException(String message) {
    this(message, null, null);
  }

  public UnreconstructableException(String message, Throwable cause) {
    this(message, null, cause);
  }

  public UnreconstructableException(String message, ObjectId objectId) {
    this(message, objectId, null);
  }

  public UnreconstructableException(String message, ObjectId objectId, Throwable cause) {
    super(message, cause);
    this.objectId = objectId;
  }

  /** The lost object's id, or null when it is not known. */
  public ObjectId getObjectId() {
    return objectId;
  }
}
