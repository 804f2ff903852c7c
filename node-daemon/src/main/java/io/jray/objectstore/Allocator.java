package io.jray.objectstore;

import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Hands out 64-byte aligned blocks of the arena, best fit, and coalesces freed blocks with their free neighbours.
 * Addresses are global: chunk {@code i} covers {@code [i * chunkSize, i * chunkSize + chunkLength(i))}, and a block
 * never crosses from one chunk into the next. Not thread-safe: {@link ObjectStore} calls it under its lock.
 */
final class Allocator {
  /** Cache-line alignment: readers and writers of neighbouring objects never share a line. */
  static final long ALIGNMENT = 64;

  private record Block(long address, long size) {}

  private static final Comparator<Block> BY_SIZE =
      Comparator.comparingLong(Block::size).thenComparingLong(Block::address);

  private final long chunkSize;
  private final TreeMap<Long, Long> freeByAddress = new TreeMap<>();
  private final TreeSet<Block> freeBySize = new TreeSet<>(BY_SIZE);
  private final long capacity;
  private long allocated;

  /** @param chunkLengths the usable bytes of each chunk, each a multiple of {@link #ALIGNMENT} */
  Allocator(long chunkSize, long[] chunkLengths) {
    if (chunkSize % ALIGNMENT != 0) {
      throw new IllegalArgumentException("chunk size " + chunkSize + " is not a multiple of " + ALIGNMENT);
    }
    this.chunkSize = chunkSize;
    long total = 0;
    for (int i = 0; i < chunkLengths.length; i++) {
      if (chunkLengths[i] % ALIGNMENT != 0 || chunkLengths[i] > chunkSize) {
        throw new IllegalArgumentException("chunk " + i + " has a bad length " + chunkLengths[i]);
      }
      if (chunkLengths[i] > 0) {
        insertFree((long) i * chunkSize, chunkLengths[i]);
      }
      total += chunkLengths[i];
    }
    this.capacity = total;
  }

  /** What a request of {@code size} bytes really takes. */
  static long roundUp(long size) {
    long s = Math.max(size, 1);
    return (s + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
  }

  /** The address of a block of at least {@code size} bytes, or -1 when no free block is that large. */
  long allocate(long size) {
    long need = roundUp(size);
    Block fit = freeBySize.ceiling(new Block(-1, need));
    if (fit == null) {
      return -1;
    }
    removeFree(fit);
    if (fit.size() > need) {
      insertFree(fit.address() + need, fit.size() - need);
    }
    allocated += need;
    return fit.address();
  }

  /** Returns a block that {@link #allocate} gave for a request of {@code size} bytes. */
  void free(long address, long size) {
    long start = address;
    long length = roundUp(size);
    allocated -= length;
    long chunk = address / chunkSize;
    Map.Entry<Long, Long> before = freeByAddress.floorEntry(address);
    if (before != null && before.getKey() + before.getValue() == address && before.getKey() / chunkSize == chunk) {
      removeFree(new Block(before.getKey(), before.getValue()));
      start = before.getKey();
      length += before.getValue();
    }
    long end = address + roundUp(size);
    Long afterSize = freeByAddress.get(end);
    if (afterSize != null && end / chunkSize == chunk) {
      removeFree(new Block(end, afterSize));
      length += afterSize;
    }
    insertFree(start, length);
  }

  long capacity() {
    return capacity;
  }

  long allocatedBytes() {
    return allocated;
  }

  long largestFreeBlock() {
    return freeBySize.isEmpty() ? 0 : freeBySize.last().size();
  }

  int freeBlockCount() {
    return freeByAddress.size();
  }

  private void insertFree(long address, long size) {
    freeByAddress.put(address, size);
    freeBySize.add(new Block(address, size));
  }

  private void removeFree(Block block) {
    freeByAddress.remove(block.address());
    freeBySize.remove(block);
  }
}
