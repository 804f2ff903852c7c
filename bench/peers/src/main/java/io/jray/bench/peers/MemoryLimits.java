package io.jray.bench.peers;

import io.jray.bench.BenchSettings;
import io.jray.bench.Trial;
import io.jray.bench.Workload;
import io.jray.runtime.objectstore.MappedMemory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * What moving a large value costs in this JVM, in gigabytes (10^9 bytes) per second as jray's put_gigabytes
 * reports: a heap copy, and a write into shared memory mapped from /dev/shm, either into pages already faulted
 * in (what an object store that reuses its memory pays) or into fresh ones (what one that maps per object pays).
 */
final class MemoryLimits {
  static final Path SHM = Path.of("/dev/shm");

  private MemoryLimits() {}

  /** {@code System.arraycopy} of one value into another heap array. */
  static Workload javaArraycopy() {
    return Workload.of("limit_java_arraycopy", s -> {
      byte[] from = value(s);
      byte[] to = new byte[from.length];
      return Trial.of(from.length / 1e9, () -> System.arraycopy(from, 0, to, 0, from.length));
    });
  }

  /** One value written, again and again, into the same mapping of one /dev/shm file. */
  static Workload shmMapWarm() {
    return Workload.of("limit_shm_map_warm", s -> {
      byte[] from = value(s);
      Path file = Files.createTempFile(SHM, "jray-bench-peers-", ".warm");
      try {
        MappedByteBuffer mapping = map(file, from.length);
        return Trial.of(from.length / 1e9, () -> mapping.put(0, from), () -> {
          MappedMemory.unmap(mapping);
          delete(file);
        });
      } catch (IOException | RuntimeException e) {
        delete(file);
        throw e;
      }
    });
  }

  /** One value written into a new /dev/shm file, mapped for it and removed (and unmapped) after it. */
  static Workload shmMapCold() {
    return Workload.of("limit_shm_map_cold", s -> {
      byte[] from = value(s);
      return Trial.of(from.length / 1e9, () -> {
        Path file = Files.createTempFile(SHM, "jray-bench-peers-", ".cold");
        try {
          MappedByteBuffer mapping = map(file, from.length);
          mapping.put(0, from);
          MappedMemory.unmap(mapping); // its pages go back now, not at some GC: the next call's are fresh
        } finally {
          delete(file);
        }
      });
    });
  }

  private static byte[] value(BenchSettings s) {
    byte[] value = new byte[s.scaled(PeerSettings.VALUE_BYTES, PeerSettings.MIN_VALUE_BYTES)];
    Arrays.fill(value, (byte) 1);
    return value;
  }

  private static MappedByteBuffer map(Path file, int size) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      return channel.map(FileChannel.MapMode.READ_WRITE, 0, size); // the mapping outlives the channel
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
