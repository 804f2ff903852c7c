package io.jray.objectstore;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The folder primary copies are spilled to when the arena is full ({@code <session>/spill}): one file per object,
 * named by its id, readable only by this user. Remembers the files it wrote so the store's stop removes exactly
 * those. Thread-safe; its I/O runs on the threads of the requests that need the space, without the store's lock.
 */
final class SpillDir {
  private static final Logger LOG = Logger.getLogger(SpillDir.class.getName());

  private final Path dir;
  private final Set<Path> files = ConcurrentHashMap.newKeySet();

  /** Whether this store made the folder, and so removes it at the end. */
  private final boolean ownsDir;

  SpillDir(Path dir) throws IOException {
    this.dir = dir;
    this.ownsDir = !Files.isDirectory(dir);
    Files.createDirectories(dir);
  }

  Path path() {
    return dir;
  }

  /** Writes {@code data} (all of it) to the object's spill file and returns the file. */
  Path write(ByteString id, ByteBuffer data) throws IOException {
    Path file = dir.resolve(ObjectIds.hex(id));
    files.add(file);
    Files.deleteIfExists(file);
    try (FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
      while (data.hasRemaining()) {
        channel.write(data);
      }
    } catch (IOException e) {
      delete(file);
      throw e;
    }
    return file;
  }

  /** Fills {@code into} (all of it) from a spill file. */
  void read(Path file, ByteBuffer into) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      while (into.hasRemaining()) {
        if (channel.read(into) < 0) {
          throw new IOException("spill file " + file + " is shorter than its object");
        }
      }
    }
  }

  void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warning("cannot remove spill file " + file + ": " + e.getMessage());
    }
    files.remove(file);
  }

  /** Removes every file this store spilled, and the folder if the store made it (else it is the session's). */
  void deleteAll() {
    for (Path file : Set.copyOf(files)) {
      delete(file);
    }
    if (ownsDir) {
      try {
        Files.deleteIfExists(dir);
      } catch (IOException e) {
        LOG.warning("cannot remove spill dir " + dir + ": " + e.getMessage());
      }
    }
  }
}
