package io.jray.runtime.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingFileOutputStreamTest {
  @TempDir Path dir;

  @Test
  void writingPastTheLimitKeepsTheNewestBytesInAtMostBackupsPlusOneFilesEachAtMostTheLimit() throws IOException {
    Path log = dir.resolve("worker.out");
    StringBuilder all = new StringBuilder();
    try (RotatingFileOutputStream out = new RotatingFileOutputStream(log, 100, 2)) {
      for (int i = 0; i < 100; i++) {
        String line = "line " + i + "\n";
        all.append(line);
        out.write(line.getBytes(StandardCharsets.UTF_8));
      }
      out.write(new byte[250]); // one write larger than a file is split across files
      all.append(new String(new byte[250], StandardCharsets.UTF_8));
    }
    List<Path> files;
    try (Stream<Path> listed = Files.list(dir)) {
      files = listed.sorted().toList();
    }
    assertEquals(List.of(log, dir.resolve("worker.out.1"), dir.resolve("worker.out.2")), files);
    for (Path f : files) {
      assertTrue(Files.size(f) <= 100, f + " holds " + Files.size(f) + " bytes");
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    }
    String kept = Files.readString(dir.resolve("worker.out.2")) + Files.readString(dir.resolve("worker.out.1"))
        + Files.readString(log);
    assertTrue(all.toString().endsWith(kept), "the files hold the newest bytes, oldest first");
    assertEquals(250, Files.size(log) + Files.size(dir.resolve("worker.out.1")) + Files.size(dir.resolve("worker.out.2"))
        - (kept.length() - 250), "the last write is whole across the files");
  }

  @Test
  void withNoBackupsTheFileStartsOver() throws IOException {
    Path log = dir.resolve("gcs.err");
    try (RotatingFileOutputStream out = new RotatingFileOutputStream(log, 10, 0)) {
      out.write("0123456789abc".getBytes(StandardCharsets.UTF_8));
    }
    assertEquals("abc", Files.readString(log));
    try (Stream<Path> listed = Files.list(dir)) {
      assertEquals(1, listed.count());
    }
  }

  @Test
  void itAppendsToWhatTheFileHolds() throws IOException {
    Path log = dir.resolve("raylet.out");
    Files.writeString(log, "12345678");
    try (RotatingFileOutputStream out = new RotatingFileOutputStream(log, 10, 1)) {
      out.write("abcd".getBytes(StandardCharsets.UTF_8));
    }
    assertEquals("12345678ab", Files.readString(dir.resolve("raylet.out.1")));
    assertEquals("cd", Files.readString(log));
  }
}
