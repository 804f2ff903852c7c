package io.jray.gcs.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStorageTest {
  @TempDir Path dir;

  private static ByteString bytes(String s) {
    return ByteString.copyFromUtf8(s);
  }

  @Test
  void whatWasWrittenLoadsAgainIncludingDeletes() {
    try (FileStorage storage = FileStorage.open(dir)) {
      storage.write(Change.put(Table.KV, bytes("a"), bytes("1")));
      storage.write(List.of(Change.put(Table.KV, bytes("b"), bytes("2")), Change.put(Table.JOBS, bytes("j"),
          bytes("job"))));
      storage.write(Change.put(Table.KV, bytes("a"), bytes("3")));
      storage.delete(Table.KV, bytes("b"));
    }
    try (FileStorage again = FileStorage.open(dir)) {
      assertEquals(Map.of(bytes("a"), bytes("3")), again.load().rows(Table.KV));
      assertEquals(Map.of(bytes("j"), bytes("job")), again.load().rows(Table.JOBS));
    }
  }

  @Test
  void aRecordCutShortByACrashIsDroppedAndWritingGoesOn() throws Exception {
    try (FileStorage storage = FileStorage.open(dir)) {
      storage.write(Change.put(Table.KV, bytes("kept"), bytes("yes")));
      storage.write(Change.put(Table.KV, bytes("torn"), bytes("no")));
    }
    Path log = dir.resolve(FileStorage.LOG_FILE);
    long size = Files.size(log);
    try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
      channel.truncate(size - 3); // the last record's tail never reached the disk
    }
    try (FileStorage again = FileStorage.open(dir)) {
      assertEquals(Map.of(bytes("kept"), bytes("yes")), again.load().rows(Table.KV));
      again.write(Change.put(Table.KV, bytes("after"), bytes("ok")));
    }
    try (FileStorage third = FileStorage.open(dir)) {
      assertEquals(Map.of(bytes("kept"), bytes("yes"), bytes("after"), bytes("ok")), third.load().rows(Table.KV));
    }
  }

  @Test
  void aCorruptRecordEndsTheLoadedPrefix() throws Exception {
    try (FileStorage storage = FileStorage.open(dir)) {
      storage.write(Change.put(Table.KV, bytes("first"), bytes("1")));
      storage.write(Change.put(Table.KV, bytes("second"), bytes("2")));
    }
    Path log = dir.resolve(FileStorage.LOG_FILE);
    byte[] data = Files.readAllBytes(log);
    data[data.length - 1] ^= 0x5a; // a flipped bit in the last record's payload: its checksum fails
    Files.write(log, data);
    try (FileStorage again = FileStorage.open(dir)) {
      assertEquals(Map.of(bytes("first"), bytes("1")), again.load().rows(Table.KV));
    }
  }

  @Test
  void aLongLogIsCompactedIntoASnapshotThatLoads() throws Exception {
    String previous = System.getProperty("jray.storage_log_compact_bytes");
    System.setProperty("jray.storage_log_compact_bytes", "4096");
    try (FileStorage storage = FileStorage.open(dir)) {
      for (int i = 0; i < 500; i++) {
        storage.write(Change.put(Table.KV, bytes("key-" + (i % 50)), bytes("value-" + i)));
      }
    } finally {
      if (previous == null) {
        System.clearProperty("jray.storage_log_compact_bytes");
      } else {
        System.setProperty("jray.storage_log_compact_bytes", previous);
      }
    }
    assertTrue(Files.exists(dir.resolve(FileStorage.SNAPSHOT_FILE)), "a snapshot was written");
    assertTrue(Files.size(dir.resolve(FileStorage.LOG_FILE)) < 4096 + 200, "the log was emptied after it");
    try (FileStorage again = FileStorage.open(dir)) {
      Map<ByteString, ByteString> rows = again.load().rows(Table.KV);
      assertEquals(50, rows.size());
      for (int k = 0; k < 50; k++) {
        assertEquals(bytes("value-" + (450 + k)), rows.get(bytes("key-" + k)));
      }
    }
  }

  @Test
  void writesFromManyThreadsAllLand() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (FileStorage storage = FileStorage.open(dir)) {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        int n = i;
        done.add(pool.submit(() -> storage.write(Change.put(Table.KV, bytes("k" + n), bytes("v" + n)))));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    try (FileStorage again = FileStorage.open(dir)) {
      assertEquals(400, again.load().rows(Table.KV).size());
    }
  }

  @Test
  void aSecondGcsOnTheSameFolderIsRefused() {
    try (FileStorage first = FileStorage.open(dir)) {
      StorageException refused = assertThrows(StorageException.class, () -> FileStorage.open(dir));
      assertEquals("The GCS storage file:" + dir + " is in use by another running GCS; stop that cluster first or "
          + "choose another --storage=file:<dir>.", refused.getMessage());
    }
  }

  @Test
  void aFolderThatCannotBeMadeIsOneSentence() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    StorageException refused = assertThrows(StorageException.class, () -> FileStorage.open(file.resolve("gcs")));
    assertTrue(refused.getMessage().startsWith("The GCS storage folder " + file.resolve("gcs") + " cannot be used"),
        refused.getMessage());
    assertTrue(refused.getMessage().endsWith("; choose a writable --storage=file:<dir>."), refused.getMessage());
  }

  /**
   * kill -9 of a process in the middle of a burst of writes: what loads is a prefix of what it wrote (rows
   * 0..n-1 for some n, none missing in between), and holds every write it had acknowledged.
   */
  @Test
  void killedDuringABurstLoadsAConsistentPrefixHoldingEveryAcknowledgedWrite() throws Exception {
    Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), StorageBurstWriter.class.getName(), dir.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    int acknowledged = -1;
    try (BufferedReader acks = new BufferedReader(new InputStreamReader(writer.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = acks.readLine()) != null) {
        acknowledged = Integer.parseInt(line.trim());
        if (acknowledged >= 300) {
          writer.destroyForcibly(); // SIGKILL, mid-burst: its next write may be half on the disk
          break;
        }
      }
    } finally {
      writer.destroyForcibly();
      assertTrue(writer.waitFor(30, TimeUnit.SECONDS));
    }
    assertTrue(acknowledged >= 300, "the writer acknowledged " + acknowledged + " writes before it was killed");
    try (FileStorage again = FileStorage.open(dir)) {
      Map<ByteString, ByteString> rows = again.load().rows(Table.KV);
      for (int i = 0; i <= acknowledged; i++) {
        assertEquals(bytes("value-" + i), rows.get(bytes(String.format("row-%08d", i))), "acknowledged row " + i);
      }
      int highest = rows.keySet().stream().mapToInt(k -> Integer.parseInt(k.toStringUtf8().substring(4))).max()
          .orElse(-1);
      for (int i = 0; i <= highest; i++) {
        assertTrue(rows.containsKey(bytes(String.format("row-%08d", i))), "row " + i + " of the prefix is there");
      }
      assertFalse(rows.isEmpty());
    }
  }
}
