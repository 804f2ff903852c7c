package io.jray.gcs.storage;

import com.google.protobuf.ByteString;
import java.util.List;

/**
 * Where the GCS keeps its tables (Ray's gcs_table_storage). Every change the GCS acknowledges is written here
 * before the reply that acknowledges it: {@link #write} returns once the changes are durable (for a durable
 * storage), and applies them together. A GCS that starts again loads what was written with {@link #load}.
 * Thread-safe.
 */
public interface TableStorage extends AutoCloseable {

  /** Every row the storage holds. */
  StoredTables load();

  /**
   * Writes the changes together; when it returns they survive a crash of this process (if {@link #durable}).
   *
   * @throws StorageException when the storage did not take them within its bound
   */
  void write(List<Change> changes);

  default void write(Change change) {
    write(List.of(change));
  }

  default void delete(Table table, ByteString key) {
    write(Change.delete(table, key));
  }

  /** Whether what is written outlives the GCS process (then its reaper restarts a GCS that died). */
  boolean durable();

  /**
   * A folder of this host that lives as long as the storage (the file storage's own), where the GCS keeps what is
   * too large for its tables (code packages); empty when there is none.
   */
  default java.util.Optional<java.nio.file.Path> localFolder() {
    return java.util.Optional.empty();
  }

  /** What the user named, for logs and {@code jray status}: "memory", "file:/dir", "redis://host:port". */
  String describe();

  @Override
  void close();
}
