package io.jray.objectstore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.runtime.objectstore.ObjectStoreClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The object store as the launcher runs it: its own JVM, stopped with SIGTERM. */
class ObjectStoreDaemonTest {
  private static final int MB = 1 << 20;

  @Test
  void theDaemonServesSpillsAndRemovesItsFilesWhenStopped() throws Exception {
    try (StoreProcess daemon = StoreProcess.start("jray-test-", 32L * MB)) {
      Path arena;
      try (ObjectStoreClient client = new ObjectStoreClient(daemon.awaitAddress(60_000), daemon.token)) {
        byte[] first = TestStore.randomId();
        client.put(first, TestData.bytes(10 * MB, 1));
        for (int i = 0; i < 5; i++) {
          client.put(TestStore.randomId(), TestData.bytes(10 * MB, 2 + i));
        }
        assertEquals(TestData.crc(TestData.bytes(10 * MB, 1)), TestData.crc(client.get(first, 0)));
        arena = Path.of(client.stats().arenaPath());
        assertTrue(arena.startsWith(daemon.shmDir));
        assertTrue(client.stats().spillCount() >= 3);
        assertTrue(fileCount(daemon.spillDir) >= 3, "it spills into --spill-dir");
        assertArrayEquals(TestData.bytes(10 * MB, 1), client.get(first, 0));
      }
      assertTrue(daemon.terminate(20_000), "the daemon ends on SIGTERM; log:\n" + daemon.log());
      assertFalse(Files.exists(arena), "the arena is removed");
      assertFalse(Files.exists(daemon.shmDir), "the shm folder is removed");
      assertFalse(Files.exists(daemon.spillDir), "the spill folder it made itself is removed with its files");
    }
  }

  private static long fileCount(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.count();
    }
  }
}
