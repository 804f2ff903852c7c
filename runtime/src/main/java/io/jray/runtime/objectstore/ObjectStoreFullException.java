package io.jray.runtime.objectstore;

/**
 * An object does not fit in the store: larger than its capacity, or the rest is held by readers and writers so
 * nothing more can be evicted or spilled. The message names the sizes and the capacity.
 */
public final class ObjectStoreFullException extends ObjectStoreException {
  private static final long serialVersionUID = 1L;

  public ObjectStoreFullException(String message, Throwable cause) {
    super(message, cause);
  }
}
