package io.jray.objectstore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The node's folder in /dev/shm: created at start, removed whole when the store stops (and by jray stop). */
public record SharedMemoryDir(Path path) {

  public static SharedMemoryDir create(Path path) throws IOException {
    Files.createDirectories(path);
    return new SharedMemoryDir(path);
  }

  /** Removes the folder and everything in it; a folder already gone is fine. */
  public void delete() {
    deleteTree(path);
  }

  public static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + root + ": " + e.getMessage(), e);
    }
  }
}
