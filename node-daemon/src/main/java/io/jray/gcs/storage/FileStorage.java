package io.jray.gcs.storage;

import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.files.NotPrivateException;
import io.jray.runtime.files.PrivateFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The embedded durable storage ({@code --storage=file:<dir>}): an append-only log of {@link StorageRecords},
 * fsync'ed before a write returns, and a snapshot that replaces the log once it grows past
 * {@code storage_log_compact_bytes}. Writes from many threads are committed together (one fsync for all that
 * queued meanwhile: group commit), by one writer thread. A crash mid-append leaves a torn last record, which
 * loading drops: what loads is always a prefix of what was written, and holds everything acknowledged. A lock
 * file keeps a second GCS off the same folder.
 *
 * <p>Chosen over RocksDB (rocksdbjni): the GCS's tables are small and kept whole in the GCS's heap anyway, so a
 * log plus snapshot is all the durability they need, without a 60 MB native library per platform.
 */
public final class FileStorage implements TableStorage {
  private static final Logger LOG = Logger.getLogger(FileStorage.class.getName());
  static final String LOG_FILE = "gcs.log";
  static final String SNAPSHOT_FILE = "gcs.snapshot";
  private static final String LOCK_FILE = "gcs.lock";

  private final Path dir;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final StoredTables loaded;
  /** Every row now (the writer thread alone touches it): what a snapshot writes. */
  private final StoredTables current;
  private final FileChannel log;
  private final long compactBytes;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private volatile boolean closed;
  /** Set once a write failed: the log may end in a partial record, so nothing more is appended after it. */
  private volatile StorageException failure;
  private long logBytes;

  private record Pending(List<Change> changes, CompletableFuture<Void> done) {}

  private FileStorage(Path dir, FileChannel lockChannel, FileLock lock, StoredTables loaded, StoredTables current,
      FileChannel log, long logBytes) {
    this.dir = dir;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.loaded = loaded;
    this.current = current;
    this.log = log;
    this.logBytes = logBytes;
    this.compactBytes = JrayConfig.STORAGE_LOG_COMPACT_BYTES.get();
    this.writer = new Thread(this::writeLoop, "gcs-storage-writer");
    writer.setDaemon(true);
    writer.start();
  }

  /**
   * Opens (creating it 0700 if missing) the folder and loads what it holds.
   *
   * @throws StorageException naming the folder when it cannot be used: not writable, another user's, in use by
   *     another GCS, or damaged
   */
  public static FileStorage open(Path dir) {
    String where = "file:" + dir;
    try {
      PrivateFiles.ensurePrivateDir(dir, "GCS storage folder", "choose another --storage=file:<dir>");
      if (!Files.isWritable(dir)) {
        throw new AccessDeniedException(dir.toString());
      }
      FileChannel lockChannel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = lockChannel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        lockChannel.close();
        throw new StorageException("The GCS storage " + where + " is in use by another running GCS; stop that "
            + "cluster first or choose another --storage=file:<dir>.");
      }
      try {
        StoredTables tables = StoredTables.empty();
        Path snapshot = dir.resolve(SNAPSHOT_FILE);
        if (Files.exists(snapshot)) {
          StorageRecords.Read read = StorageRecords.readAll(snapshot, tables::applyAll);
          if (read.torn()) {
            throw new StorageException("The GCS storage snapshot " + snapshot + " is damaged; restore the folder "
                + "from a backup or start with another --storage.");
          }
        }
        Path logPath = dir.resolve(LOG_FILE);
        long good = 0;
        if (Files.exists(logPath)) {
          StorageRecords.Read read = StorageRecords.readAll(logPath, tables::applyAll);
          good = read.goodBytes();
          if (read.torn()) {
            LOG.warning("the GCS storage log " + logPath + " ends in a record a crash cut short; dropping its last "
                + (Files.size(logPath) - good) + " bytes (never acknowledged)");
          }
        }
        FileChannel log = FileChannel.open(logPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        log.truncate(good);
        log.position(good);
        log.force(true);
        StoredTables current = StoredTables.empty();
        current.applyAll(tables.asChanges());
        LOG.info("GCS storage " + where + " loaded: " + tables.size() + " rows");
        return new FileStorage(dir, lockChannel, lock, tables, current, log, good);
      } catch (IOException | RuntimeException e) {
        lock.release();
        lockChannel.close();
        throw e;
      }
    } catch (StorageException | NotPrivateException e) {
      throw e instanceof StorageException se ? se : new StorageException(e.getMessage(), e);
    } catch (AccessDeniedException e) {
      throw new StorageException("The GCS storage folder " + dir + " is not writable by this user; choose a "
          + "writable --storage=file:<dir>.", e);
    } catch (IOException e) {
      throw new StorageException("The GCS storage folder " + dir + " cannot be used (" + e.getMessage()
          + "); choose a writable --storage=file:<dir>.", e);
    }
  }

  @Override
  public StoredTables load() {
    return loaded;
  }

  @Override
  public void write(List<Change> changes) {
    if (changes.isEmpty()) {
      return;
    }
    if (closed) {
      throw new StorageException("The GCS storage file:" + dir + " is closed.");
    }
    if (failure != null) {
      throw failure;
    }
    Pending pending = new Pending(List.copyOf(changes), new CompletableFuture<>());
    queue.add(pending);
    if (closed || !writer.isAlive()) {
      failQueued(new StorageException("The GCS storage file:" + dir + " is closed."));
    }
    try {
      pending.done().get(JrayConfig.STORAGE_WRITE_TIMEOUT_MS.get(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof StorageException se ? se
          : new StorageException("The GCS storage file:" + dir + " could not write; see the GCS log.", e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new StorageException("The GCS storage file:" + dir + " did not finish a write within "
          + JrayConfig.STORAGE_WRITE_TIMEOUT_MS.get() / 1000 + " s; check the disk.", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("Interrupted while writing to the GCS storage file:" + dir + ".", e);
    }
  }

  /** Fails every write still queued (the storage closed or failed). */
  private void failQueued(StorageException why) {
    List<Pending> left = new ArrayList<>();
    queue.drainTo(left);
    left.stream().filter(p -> p.changes() != null).forEach(p -> p.done().completeExceptionally(why));
  }

  private void writeLoop() {
    List<Pending> batch = new ArrayList<>();
    try {
      while (true) {
        try {
          batch.add(queue.take());
        } catch (InterruptedException e) {
          return;
        }
        queue.drainTo(batch);
        if (batch.stream().anyMatch(p -> p.changes() == null)) {
          StorageException closedNow = new StorageException("The GCS storage file:" + dir + " is closed.");
          batch.stream().filter(p -> p.changes() != null).forEach(p -> p.done().completeExceptionally(closedNow));
          return;
        }
        if (failure != null) {
          StorageException failed = failure;
          batch.forEach(p -> p.done().completeExceptionally(failed));
        } else {
          commit(batch);
        }
        batch.clear();
      }
    } catch (Throwable e) {
      // Never a silent death: whoever waits, and whoever writes next, hears of it.
      LOG.log(Level.SEVERE, "the GCS storage writer failed", e);
      failure = new StorageException("The GCS storage file:" + dir + " failed (" + e.getClass().getSimpleName()
          + "); see the GCS log.", e);
      batch.forEach(p -> p.done().completeExceptionally(failure));
      failQueued(failure);
    }
  }

  /** Appends every queued batch as one record each, fsyncs once, then answers them all. */
  private void commit(List<Pending> batch) {
    try {
      List<ByteBuffer> records = new ArrayList<>(batch.size());
      long bytes = 0;
      for (Pending p : batch) {
        ByteBuffer record = StorageRecords.encode(p.changes());
        bytes += record.remaining();
        records.add(record);
      }
      ByteBuffer[] all = records.toArray(ByteBuffer[]::new);
      long left = bytes;
      while (left > 0) {
        left -= log.write(all);
      }
      log.force(false);
      logBytes += bytes;
      batch.forEach(p -> current.applyAll(p.changes()));
      batch.forEach(p -> p.done().complete(null));
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.SEVERE, "GCS storage write failed", e);
      failure = new StorageException("The GCS storage file:" + dir + " could not write; check the disk and the GCS "
          + "log.", e);
      batch.forEach(p -> p.done().completeExceptionally(failure));
      return;
    }
    if (logBytes >= compactBytes) {
      compact();
    }
  }

  /**
   * Writes every row as a new snapshot (a temp file, fsync'ed, renamed over the old one, the folder fsync'ed),
   * then empties the log. A crash between the two replays the old log over the new snapshot, which changes
   * nothing: every row's last logged value is its snapshot value.
   */
  private void compact() {
    Path snapshot = dir.resolve(SNAPSHOT_FILE);
    Path tmp = dir.resolve(SNAPSHOT_FILE + ".tmp");
    try {
      StorageRecords.writeAll(tmp, current.asChanges());
      Files.move(tmp, snapshot, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
        folder.force(true);
      }
      log.truncate(0);
      log.position(0);
      log.force(true);
      LOG.info("GCS storage compacted: a snapshot of " + current.size() + " rows replaced " + logBytes
          + " bytes of log");
      logBytes = 0;
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "GCS storage compaction failed; the log keeps growing", e);
    }
  }

  @Override
  public boolean durable() {
    return true;
  }

  @Override
  public java.util.Optional<Path> localFolder() {
    return java.util.Optional.of(dir);
  }

  @Override
  public String describe() {
    return "file:" + dir;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    queue.add(new Pending(null, new CompletableFuture<>()));
    try {
      writer.join(10_000);
      failQueued(new StorageException("The GCS storage file:" + dir + " is closed."));
      log.close();
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      LOG.log(Level.FINE, "closing the GCS storage", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
