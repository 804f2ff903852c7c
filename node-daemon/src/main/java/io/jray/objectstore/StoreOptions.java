package io.jray.objectstore;

import io.jray.runtime.config.JrayConfig;
import java.nio.file.Path;

/**
 * How one object store is laid out: its folder in /dev/shm (which holds the arena), where it spills, and how big
 * it is.
 *
 * @param chunkBytes bytes per mapped arena chunk, also the largest object
 * @param prefaultBytes arena bytes to fault in at start (0 none, -1 all)
 */
public record StoreOptions(Path shmDir, Path spillDir, long capacityBytes, long chunkBytes, long prefaultBytes) {

  /** A store with the configured chunk size and prefault ({@code jray.object_store_*}). */
  public static StoreOptions of(Path shmDir, Path spillDir, long capacityBytes) {
    return new StoreOptions(shmDir, spillDir, capacityBytes, JrayConfig.OBJECT_STORE_ARENA_CHUNK_BYTES.get(),
        JrayConfig.OBJECT_STORE_PREFAULT_BYTES.get());
  }

  public StoreOptions withChunkBytes(long bytes) {
    return new StoreOptions(shmDir, spillDir, capacityBytes, bytes, prefaultBytes);
  }

  public StoreOptions withPrefaultBytes(long bytes) {
    return new StoreOptions(shmDir, spillDir, capacityBytes, chunkBytes, bytes);
  }
}
