package io.jray.runtime.packaging;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * One classpath entry as the cluster ships it: a jar's own bytes, or a folder packed into a jar whose bytes
 * depend only on its content (sorted entries, fixed timestamps), so the same code always has the same SHA-256.
 * Both are streamed, never loaded whole.
 */
public final class ClasspathEntry {
  private static final Logger LOG = Logger.getLogger(ClasspathEntry.class.getName());
  private static final long FIXED_TIME = 315532800000L; // 1980-01-01, the zip epoch

  private ClasspathEntry() {}

  /** Writes the bytes that travel for this entry. */
  public static void writeTo(Path entry, OutputStream out) throws IOException {
    if (Files.isDirectory(entry)) {
      packFolder(entry, out);
    } else {
      Files.copy(entry, out);
    }
  }

  /** The SHA-256 of what {@link #writeTo} writes, as hex. */
  public static String sha256(Path entry) throws IOException {
    MessageDigest digest = newDigest();
    try (OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
      writeTo(entry, sink);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Whether a jar or class folder holds classes of jray's own ({@code io/jray/...}): jray's, not a library. */
  public static boolean holdsJraysClasses(Path entry) {
    if (java.nio.file.Files.isDirectory(entry)) {
      return java.nio.file.Files.isDirectory(entry.resolve("io").resolve("jray"));
    }
    try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(entry.toFile())) {
      return jar.stream().anyMatch(e -> e.getName().startsWith("io/jray/"));
    } catch (java.io.IOException notAJar) {
      return false;
    }
  }

  /**
   * The existing entries of a classpath by SHA-256, in classpath order (an entry whose content an earlier one
   * has already is left out). An entry that cannot be read is logged and left out: the JVM would skip it too.
   */
  public static Map<String, Path> byHash(String classpath) {
    return byHash(classpath, ClasspathHashes.shared());
  }

  /** {@link #byHash(String)} with jars' hashes from {@code hashes} (and what it learns saved there). */
  static Map<String, Path> byHash(String classpath, ClasspathHashes hashes) {
    Map<String, Path> entries = new LinkedHashMap<>();
    for (String item : classpath.split(File.pathSeparator)) {
      Path entry = Path.of(item);
      if (item.isBlank() || !Files.exists(entry)) {
        continue;
      }
      try {
        entries.putIfAbsent(hashes.sha256(entry), entry);
      } catch (IOException e) {
        LOG.warning("cannot read classpath entry " + entry + ": " + e.getMessage());
      }
    }
    hashes.save();
    return entries;
  }

  static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void packFolder(Path folder, OutputStream out) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(folder)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    // Not closed: closing the zip would close the caller's stream; finish() writes the central directory.
    ZipOutputStream zip = new ZipOutputStream(out);
    for (Path file : files) {
      ZipEntry e = new ZipEntry(folder.relativize(file).toString().replace('\\', '/'));
      e.setTime(FIXED_TIME);
      zip.putNextEntry(e);
      Files.copy(file, zip);
      zip.closeEntry();
    }
    zip.finish();
  }
}
