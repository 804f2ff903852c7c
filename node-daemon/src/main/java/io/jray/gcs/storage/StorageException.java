package io.jray.gcs.storage;

/** The GCS's storage cannot be used; the message is one sentence for the user (what is wrong, what to do). */
public final class StorageException extends RuntimeException {
  public StorageException(String message) {
    super(message);
  }

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
