package io.jray.gcs.storage;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The GCS's rule for a write its storage did not take: stop at once (as if killed) rather than go on with tables
 * that say what storage does not. With durable storage the head's reaper then starts a new GCS, which loads
 * what storage holds; a Redis that is down thus counts as a GCS that is down, and both come back together.
 */
public final class FailStopStorage implements TableStorage {
  private static final Logger LOG = Logger.getLogger(FailStopStorage.class.getName());

  private final TableStorage storage;
  private final Runnable stop;

  /** @param stop ends the process; it must not return normally (the GCS passes {@code Runtime.halt}) */
  public FailStopStorage(TableStorage storage, Runnable stop) {
    this.storage = storage;
    this.stop = stop;
  }

  @Override
  public StoredTables load() {
    return storage.load();
  }

  @Override
  public void write(List<Change> changes) {
    try {
      storage.write(changes);
    } catch (RuntimeException e) {
      // Whatever the storage threw, it did not take the write: tables and storage would part ways.
      LOG.log(Level.SEVERE, "the GCS stops: " + e.getMessage(), e);
      stop.run();
      throw e;
    }
  }

  @Override
  public boolean durable() {
    return storage.durable();
  }

  @Override
  public java.util.Optional<java.nio.file.Path> localFolder() {
    return storage.localFolder();
  }

  @Override
  public String describe() {
    return storage.describe();
  }

  @Override
  public void close() {
    storage.close();
  }
}
