package io.jray.objectstore;

import io.jray.runtime.objectstore.MappedMemory;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.logging.Logger;

/**
 * The store's shared memory: ONE file, {@code <shm-dir>/arena}, of the store's capacity, created sparse and mapped
 * once in chunks of at most 2 GiB (the limit of a MappedByteBuffer). Pages, once faulted in, stay and are reused
 * by every later object, which is what makes writes run at copy speed (BUILD-FACTS.md); clients map the same file.
 *
 * <p>Any thread may touch the mapping, but only inside {@link #access}: {@link #close} waits for those accesses
 * to end before it unmaps, so no thread ever touches memory that is gone.
 */
final class Arena implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Arena.class.getName());
  static final String FILE_NAME = "arena";
  private static final int PAGE = 4096;

  /** Work on the mapped memory. */
  interface Access<T> {
    T run() throws IOException;
  }

  private final Path path;
  private final long capacity;
  private final long chunkSize;
  private final MappedByteBuffer[] chunks;
  private final ReentrantReadWriteLock guard = new ReentrantReadWriteLock();
  private boolean closed;

  private Arena(Path path, long capacity, long chunkSize, MappedByteBuffer[] chunks) {
    this.path = path;
    this.capacity = capacity;
    this.chunkSize = chunkSize;
    this.chunks = chunks;
  }

  /**
   * Creates {@code <dir>/arena}, readable only by this user (objects may hold anything), and maps it.
   *
   * @param capacity bytes; rounded down to the allocator's alignment
   * @param chunkSize bytes per mapping, a multiple of the alignment and at most {@link Integer#MAX_VALUE}
   */
  static Arena create(Path dir, long capacity, long chunkSize) throws IOException {
    if (chunkSize <= 0 || chunkSize > Integer.MAX_VALUE || chunkSize % Allocator.ALIGNMENT != 0) {
      throw new IllegalArgumentException("the arena chunk size " + chunkSize + " must be a positive multiple of "
          + Allocator.ALIGNMENT + " below 2 GiB");
    }
    long usable = capacity / Allocator.ALIGNMENT * Allocator.ALIGNMENT;
    if (usable <= 0) {
      throw new IllegalArgumentException("the object store needs a capacity of at least " + Allocator.ALIGNMENT
          + " bytes, not " + capacity);
    }
    Path path = dir.resolve(FILE_NAME);
    Files.deleteIfExists(path);
    Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    int count = (int) ((usable + chunkSize - 1) / chunkSize);
    MappedByteBuffer[] chunks = new MappedByteBuffer[count];
    try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
      // Sparse: the pages come into being as they are first written.
      file.setLength(usable);
      FileChannel channel = file.getChannel();
      for (int i = 0; i < count; i++) {
        long start = (long) i * chunkSize;
        chunks[i] = channel.map(FileChannel.MapMode.READ_WRITE, start, Math.min(chunkSize, usable - start));
      }
    }
    return new Arena(path, usable, chunkSize, chunks);
  }

  Path path() {
    return path;
  }

  long capacity() {
    return capacity;
  }

  long chunkSize() {
    return chunkSize;
  }

  int chunkCount() {
    return chunks.length;
  }

  /** Usable bytes of each chunk, for the allocator. */
  long[] chunkLengths() {
    long[] lengths = new long[chunks.length];
    for (int i = 0; i < chunks.length; i++) {
      lengths[i] = chunks[i].capacity();
    }
    return lengths;
  }

  /** The largest object the arena can hold: one whole chunk. */
  long largestObject() {
    return chunks[0].capacity();
  }

  /** Runs {@code work}, during which the mapping stays valid; fails with a closed store once {@link #close} began. */
  <T> T access(Access<T> work) throws IOException {
    guard.readLock().lock();
    try {
      if (closed) {
        throw StoreException.closed();
      }
      return work.run();
    } finally {
      guard.readLock().unlock();
    }
  }

  /** A view of {@code [address, address + size)}; use it only inside {@link #access}. */
  ByteBuffer slice(long address, long size) {
    int chunk = (int) (address / chunkSize);
    int offset = (int) (address % chunkSize);
    return chunks[chunk].slice(offset, Math.toIntExact(size));
  }

  /** Writes one byte per page of the first {@code bytes} of the arena, so their tmpfs pages exist from now on. */
  void prefault(long bytes) throws IOException {
    long limit = bytes < 0 ? capacity : Math.min(bytes, capacity);
    long start = System.nanoTime();
    access(() -> {
      for (long address = 0; address < limit; address += PAGE) {
        MappedByteBuffer chunk = chunks[(int) (address / chunkSize)];
        chunk.put((int) (address % chunkSize), (byte) 0);
      }
      return null;
    });
    LOG.info("prefaulted " + limit + " bytes of " + path + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
  }

  /** Waits for every access to end, unmaps the chunks and removes the file; later accesses fail. */
  @Override
  public void close() {
    guard.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      for (int i = 0; i < chunks.length; i++) {
        unmap(chunks[i]);
        chunks[i] = null;
      }
      Files.deleteIfExists(path);
    } catch (IOException e) {
      LOG.warning("cannot remove " + path + ": " + e.getMessage());
    } finally {
      guard.writeLock().unlock();
    }
  }

  /**
   * Frees the mapping now rather than at some later GC, so a stopped store's memory returns at once. Safe only
   * because no access can be running or start (see {@link #close}).
   */
  private static void unmap(MappedByteBuffer buffer) {
    try {
      MappedMemory.unmap(buffer);
    } catch (UnsupportedOperationException e) {
      LOG.fine(e.getMessage() + "; the GC will unmap the arena");
    }
  }
}
