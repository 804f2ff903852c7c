package io.jray.runtime.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one place that decides whether a folder or file of jray's state can be trusted: owned by the user this
 * process runs as and writable by nobody else (reading by others is allowed: a build folder made with umask 022
 * is fine). Also creates state folders 0700 and writes state files 0600 without ever following a planted
 * symlink: a temp file made with O_EXCL in the same folder, then renamed over the target. Stateless; any thread.
 */
public final class PrivateFiles {
  public static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
  public static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OTHERS_WRITE =
      EnumSet.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
  private static final Set<PosixFilePermission> OTHERS_ANY = EnumSet.of(PosixFilePermission.GROUP_READ,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

  private PrivateFiles() {}

  /** The account this process runs as, as the file system names owners (the owner of /proc/self on Linux). */
  public static UserPrincipal currentUser() throws IOException {
    Path self = Path.of("/proc/self");
    if (Files.exists(self)) {
      return Files.getOwner(self);
    }
    return self.getFileSystem().getUserPrincipalLookupService()
        .lookupPrincipalByName(System.getProperty("user.name"));
  }

  /**
   * Creates {@code dir} (and missing parents) with mode 0700, or checks an existing one with
   * {@link #checkDir}.
   *
   * @param what what the folder is, for the error ("temp dir")
   * @param otherwise the way out besides removing it ("pass --temp-dir=<a folder of yours>")
   * @throws NotPrivateException naming the folder, its owner and what to do
   */
  public static Path ensurePrivateDir(Path dir, String what, String otherwise) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      Path parent = dir.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try {
        Files.createDirectory(dir, asAttribute(DIR_MODE));
        return dir;
      } catch (FileAlreadyExistsException raced) {
        // Someone made it meanwhile: check theirs like any other.
      }
    }
    checkDir(dir, what, otherwise);
    return dir;
  }

  /** Creates a new folder 0700; fails if anything is already there, so nobody else's folder is ever adopted. */
  public static Path createPrivateDir(Path dir) throws IOException {
    return Files.createDirectory(dir, asAttribute(DIR_MODE));
  }

  /**
   * Refuses a folder not owned by this user or writable by group or others. A symlink is followed only if this
   * user owns the link itself.
   */
  public static void checkDir(Path dir, String what, String otherwise) throws IOException {
    PosixFileAttributes attrs = trustedAttributes(dir, what, otherwise);
    if (!attrs.isDirectory()) {
      throw new NotPrivateException("The " + what + " " + dir + " is not a folder; remove it or " + otherwise + ".");
    }
  }

  /** Refuses a file that is a symlink, not owned by this user or writable by group or others. */
  public static void checkFile(Path file, String what, String otherwise) throws IOException {
    PosixFileAttributes attrs = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (attrs.isSymbolicLink()) {
      throw new NotPrivateException("The " + what + " " + file + " is a symbolic link (to "
          + Files.readSymbolicLink(file) + "); remove it or " + otherwise + ".");
    }
    checkOwnerAndMode(file, attrs, what, otherwise);
  }

  /** Whether group or others may read or write {@code file} (a secret should be 0600). */
  public static boolean readableByOthers(Path file) throws IOException {
    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
    return mode.stream().anyMatch(OTHERS_ANY::contains);
  }

  /** Refuses a secret file (a mapped arena) that is not owned by this user or that group or others may read. */
  public static void checkSecret(Path file, String what, String otherwise) throws IOException {
    checkFile(file, what, otherwise);
    if (readableByOthers(file)) {
      throw new NotPrivateException("The " + what + " " + file + " can be read by other users ("
          + PosixFilePermissions.toString(Files.getPosixFilePermissions(file)) + "); " + otherwise + ".");
    }
  }

  /**
   * Writes {@code bytes} to {@code file} as a whole (a reader sees the old file or the new one): a temp file
   * created new (O_EXCL, mode 0600) in the same folder, then renamed over {@code file}. A symlink at either
   * name is replaced, never written through.
   */
  public static void writeAtomically(Path file, byte[] bytes) throws IOException {
    Path tmp = writeTemp(file, bytes);
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Like {@link #writeAtomically} but only if {@code file} does not exist yet: the complete file appears at
   * once (a hard link of the temp file), so a concurrent reader never sees it half written.
   *
   * @throws FileAlreadyExistsException when another process created it first
   */
  public static void createAtomically(Path file, byte[] bytes) throws IOException {
    Path tmp = writeTemp(file, bytes);
    try {
      Files.createLink(file, tmp);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Creates an empty file 0600 unless one is there (a log file a child process then writes: a redirect keeps the
   * mode of the file it opens but would create a new one with the umask).
   */
  public static Path createPrivateFile(Path file) throws IOException {
    try {
      return Files.createFile(file, asAttribute(FILE_MODE));
    } catch (FileAlreadyExistsException e) {
      return file;
    }
  }

  /** {@code createPrivateFile} for a {@link ProcessBuilder} redirect. */
  public static java.io.File logFile(Path file) throws IOException {
    return createPrivateFile(file).toFile();
  }

  /** Points the symlink {@code link} at {@code target}, replacing what is there atomically. */
  public static void replaceSymlink(Path link, Path target) throws IOException {
    Path tmp = link.resolveSibling("." + link.getFileName() + "." + Long.toHexString(
        ThreadLocalRandom.current().nextLong()) + ".tmp");
    Files.createSymbolicLink(tmp, target);
    try {
      Files.move(tmp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static Path writeTemp(Path file, byte[] bytes) throws IOException {
    Path tmp = file.resolveSibling("." + file.getFileName() + "." + Long.toHexString(
        ThreadLocalRandom.current().nextLong()) + ".tmp");
    try (SeekableByteChannel out = Files.newByteChannel(tmp,
        EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), asAttribute(FILE_MODE))) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        out.write(buffer);
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    return tmp;
  }

  private static PosixFileAttributes trustedAttributes(Path path, String what, String otherwise) throws IOException {
    PosixFileAttributes attrs = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (attrs.isSymbolicLink()) {
      // Only the link's owner chose where it points; then the target must be trustworthy too.
      requireOwner(path, attrs, what, otherwise);
      attrs = Files.readAttributes(path, PosixFileAttributes.class);
    }
    checkOwnerAndMode(path, attrs, what, otherwise);
    return attrs;
  }

  private static void checkOwnerAndMode(Path path, PosixFileAttributes attrs, String what, String otherwise)
      throws IOException {
    requireOwner(path, attrs, what, otherwise);
    if (attrs.permissions().stream().anyMatch(OTHERS_WRITE::contains)) {
      throw new NotPrivateException("The " + what + " " + path + " can be written by other users ("
          + PosixFilePermissions.toString(attrs.permissions()) + "); run 'chmod go-w " + path + "', remove it or "
          + otherwise + ".");
    }
  }

  private static void requireOwner(Path path, PosixFileAttributes attrs, String what, String otherwise)
      throws IOException {
    UserPrincipal me = currentUser();
    if (!attrs.owner().equals(me)) {
      throw new NotPrivateException("The " + what + " " + path + " is owned by " + attrs.owner().getName()
          + ", not " + me.getName() + "; remove it or " + otherwise + ".");
    }
  }

  private static FileAttribute<Set<PosixFilePermission>> asAttribute(Set<PosixFilePermission> mode) {
    return PosixFilePermissions.asFileAttribute(mode);
  }
}
