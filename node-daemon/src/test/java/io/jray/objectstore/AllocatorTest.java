package io.jray.objectstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class AllocatorTest {
  private static final long CHUNK = 1024;

  @Test
  void blocksAre64ByteAlignedAndRoundedUp() {
    Allocator allocator = new Allocator(CHUNK, new long[] {CHUNK});
    long a = allocator.allocate(1);
    long b = allocator.allocate(65);
    long c = allocator.allocate(0);
    assertEquals(0, a % 64);
    assertEquals(0, b % 64);
    assertEquals(0, c % 64);
    assertEquals(64 + 128 + 64, allocator.allocatedBytes());
  }

  @Test
  void freedNeighboursCoalesceIntoOneBlock() {
    Allocator allocator = new Allocator(CHUNK, new long[] {CHUNK});
    long a = allocator.allocate(256);
    long b = allocator.allocate(256);
    long c = allocator.allocate(256);
    allocator.allocate(256);
    assertEquals(-1, allocator.allocate(64));
    allocator.free(a, 256);
    allocator.free(c, 256);
    assertEquals(-1, allocator.allocate(512), "two separate holes are not one block");
    allocator.free(b, 256);
    assertEquals(a, allocator.allocate(768), "a, b and c merged back into one block");
  }

  @Test
  void bestFitPicksTheSmallestHoleThatFits() {
    Allocator allocator = new Allocator(CHUNK, new long[] {CHUNK});
    long big = allocator.allocate(384);
    allocator.allocate(64);
    long small = allocator.allocate(128);
    allocator.allocate(64);
    allocator.free(big, 384);
    allocator.free(small, 128);
    assertEquals(small, allocator.allocate(100));
  }

  @Test
  void blocksNeverStraddleChunksNorMergeAcrossThem() {
    Allocator allocator = new Allocator(CHUNK, new long[] {CHUNK, CHUNK, 512});
    assertEquals(-1, allocator.allocate(CHUNK + 64));
    long a = allocator.allocate(CHUNK);
    long b = allocator.allocate(CHUNK);
    assertNotEquals(a / CHUNK, b / CHUNK);
    allocator.free(a, CHUNK);
    allocator.free(b, CHUNK);
    assertEquals(CHUNK, allocator.largestFreeBlock(), "adjacent chunks stay separate blocks");
    assertEquals(2 * CHUNK + 512, allocator.capacity());
  }

  @Test
  void everythingFreedIsReusable() {
    Allocator allocator = new Allocator(CHUNK, new long[] {CHUNK});
    long[] blocks = new long[16];
    for (int i = 0; i < 16; i++) {
      blocks[i] = allocator.allocate(64);
    }
    for (int i = 15; i >= 0; i -= 2) {
      allocator.free(blocks[i], 64);
    }
    for (int i = 0; i < 16; i += 2) {
      allocator.free(blocks[i], 64);
    }
    assertEquals(0, allocator.allocatedBytes());
    assertEquals(CHUNK, allocator.largestFreeBlock());
    assertEquals(1, allocator.freeBlockCount());
  }
}
