package io.jray.gcs.storage;

import java.util.List;

/** The default: the GCS's tables live only in its heap, and die with it (as Ray's without Redis). */
public final class MemoryStorage implements TableStorage {
  @Override
  public StoredTables load() {
    return StoredTables.empty();
  }

  @Override
  public void write(List<Change> changes) {
    // nothing outlives the process: the managers' own maps are the tables
  }

  @Override
  public boolean durable() {
    return false;
  }

  @Override
  public String describe() {
    return "memory";
  }

  @Override
  public void close() {}
}
