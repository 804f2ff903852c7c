package io.jray.objectstore;

import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.files.NotPrivateException;
import io.jray.runtime.files.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Comparator;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The node's folder in /dev/shm ({@code jray-<session>-<node id prefix>}): created new and 0700 at start (a
 * folder already there, which anyone could have made after reading its name in {@code ps}, is refused), removed
 * whole when the store stops, and by {@code jray stop} only if it is one jray made: under the shm root, named
 * as jray names them and owned by this user.
 */
public record SharedMemoryDir(Path path) {
  private static final Logger LOG = Logger.getLogger(SharedMemoryDir.class.getName());
  private static final Pattern NAME = Pattern.compile("jray-session_[0-9_-]+-[0-9a-f]{8}");

  /** The folder of a node's shared memory: {@code <shm root>/jray-<session>-<first 8 hex of the node id>}. */
  public static Path pathFor(String sessionName, String nodeIdHex) {
    return Path.of(JrayConfig.SHM_DIR.get(), "jray-" + sessionName + "-" + nodeIdHex.substring(0, 8));
  }

  public static SharedMemoryDir create(Path path) throws IOException {
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try {
      PrivateFiles.createPrivateDir(path);
    } catch (FileAlreadyExistsException e) {
      String owner = Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).getName();
      throw new NotPrivateException("The shared-memory folder " + path + " already exists (owned by " + owner
          + ") and a node never uses a folder it did not create; remove it, then start the node again.");
    }
    return new SharedMemoryDir(path);
  }

  /** Removes the folder and everything in it; a folder already gone is fine. */
  public void delete() {
    deleteTree(path);
  }

  /**
   * Removes {@code path} (read from a node file) only if it is a shared-memory folder jray made for this user
   * under {@code shmRoot}; anything else is left alone and logged.
   *
   * @return whether it was removed
   */
  public static boolean deleteIfOurs(Path path, Path shmRoot) {
    if (!isOurs(path, shmRoot)) {
      if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
        LOG.warning("not removing " + path + ": not a shared-memory folder of this user's jray under " + shmRoot);
      }
      return false;
    }
    deleteTree(path);
    return true;
  }

  /** {@link #deleteIfOurs} under the configured shm root ({@code jray.shm_dir}). */
  public static boolean deleteIfOurs(Path path) {
    return deleteIfOurs(path, Path.of(JrayConfig.SHM_DIR.get()));
  }

  static boolean isOurs(Path path, Path shmRoot) {
    Path normalized = path.toAbsolutePath().normalize();
    if (!shmRoot.toAbsolutePath().normalize().equals(normalized.getParent())
        || !NAME.matcher(normalized.getFileName().toString()).matches()) {
      return false;
    }
    try {
      PosixFileAttributes attrs = Files.readAttributes(normalized, PosixFileAttributes.class,
          LinkOption.NOFOLLOW_LINKS);
      return attrs.isDirectory() && attrs.owner().equals(PrivateFiles.currentUser());
    } catch (IOException e) {
      return false;
    }
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
