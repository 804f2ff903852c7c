package io.jray.objectstore;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

/** Reproducible test values and their checksums. */
final class TestData {
  private TestData() {}

  /** {@code size} pseudo-random bytes that depend on {@code seed}. */
  static byte[] bytes(int size, long seed) {
    byte[] data = new byte[size];
    ByteBuffer out = ByteBuffer.wrap(data);
    SplittableRandom random = new SplittableRandom(seed);
    while (out.remaining() >= 8) {
      out.putLong(random.nextLong());
    }
    while (out.hasRemaining()) {
      out.put((byte) random.nextInt());
    }
    return data;
  }

  static long crc(byte[] data) {
    CRC32C crc = new CRC32C();
    crc.update(data);
    return crc.getValue();
  }

  static long crc(ByteBuffer data) {
    CRC32C crc = new CRC32C();
    crc.update(data.duplicate());
    return crc.getValue();
  }
}
