package io.jray.runtime.packaging;

import com.google.protobuf.ByteString;
import io.jray.runtime.cluster.ClusterAddress;
import io.jray.runtime.files.PrivateFiles;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A package arriving in chunks into a content-addressed folder ({@code <dir>/<sha256>.jar}): the bytes go to a
 * temp file beside it, hashed as they arrive, and take the final name (atomically) only if they match the
 * SHA-256; so a file under that name is always complete and correct. Used by one thread at a time.
 */
public final class PackageFile implements Closeable {
  private static final String CACHE = "package folder";
  private final String sha256;
  private final Path target;
  private final Path tmp;
  private final MessageDigest digest = ClasspathEntry.newDigest();
  private final OutputStream out;
  private long bytes;
  private boolean closed;

  private PackageFile(String sha256, Path target, Path tmp) throws IOException {
    this.sha256 = sha256;
    this.target = target;
    this.tmp = tmp;
    this.out = new DigestOutputStream(Files.newOutputStream(tmp), digest);
  }

  /** Whether {@code s} is a SHA-256 in lower-case hex, the only names the package folders hold. */
  public static boolean isSha256(String s) {
    return s.length() == 64 && s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  }

  /** Where the package with this SHA-256 lives in {@code dir}; refuses anything but a SHA-256 as the name. */
  public static Path path(Path dir, String sha256) {
    if (!isSha256(sha256)) {
      throw new IllegalArgumentException("'" + sha256 + "' is not a SHA-256");
    }
    return dir.resolve(sha256 + ".jar");
  }

  /**
   * The package {@code sha256} already in {@code dir}, if its bytes still hash to that name; a file that does
   * not (swapped or damaged since it was stored) is deleted, so the caller fetches it again. Also refuses a
   * folder another user owns or could write.
   */
  public static Optional<Path> verified(Path dir, String sha256) throws IOException {
    Path file = path(dir, sha256);
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    PrivateFiles.checkDir(dir, CACHE, ClusterAddress.TEMP_DIR_REMEDY);
    if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && ClasspathEntry.sha256(file).equals(sha256)) {
      return Optional.of(file);
    }
    Files.delete(file);
    return Optional.empty();
  }

  /** Starts writing the package {@code sha256} into {@code dir} (created 0700 if needed). */
  public static PackageFile create(Path dir, String sha256) throws IOException {
    Path target = path(dir, sha256);
    PrivateFiles.ensurePrivateDir(dir, CACHE, ClusterAddress.TEMP_DIR_REMEDY);
    return new PackageFile(sha256, target, Files.createTempFile(dir, sha256 + ".", ".tmp"));
  }

  public void write(ByteString data) throws IOException {
    data.writeTo(out);
    bytes += data.size();
  }

  public long bytes() {
    return bytes;
  }

  /**
   * Ends the file: if its bytes match the SHA-256 it takes its final name (replacing an earlier copy, which
   * has the same bytes) and true is returned; otherwise it is deleted and false is returned.
   */
  public boolean commit() throws IOException {
    closed = true;
    try {
      out.close();
      if (!HexFormat.of().formatHex(digest.digest()).equals(sha256)) {
        return false;
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return true;
    } finally {
      Files.deleteIfExists(tmp); // gone already after the move
    }
  }

  public String sha256() {
    return sha256;
  }

  public Path target() {
    return target;
  }

  /** Abandons the file unless it was committed: the temp file is deleted. */
  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      try {
        out.close();
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
  }
}
