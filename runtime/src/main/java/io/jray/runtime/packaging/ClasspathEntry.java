package io.jray.runtime.packaging;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * One classpath entry as the cluster ships it: a jar's own bytes, or a folder packed into a jar whose bytes
 * depend only on its content (sorted entries, fixed timestamps), so the same code always has the same SHA-256.
 */
public final class ClasspathEntry {
  private static final long FIXED_TIME = 315532800000L; // 1980-01-01, the zip epoch

  private ClasspathEntry() {}

  /** The bytes that travel for this entry. */
  public static byte[] bytes(Path entry) throws IOException {
    return Files.isDirectory(entry) ? packFolder(entry) : Files.readAllBytes(entry);
  }

  /** The SHA-256 of {@link #bytes}, as hex; a jar is hashed as it streams, not loaded whole. */
  public static String sha256(Path entry) throws IOException {
    MessageDigest digest = sha256();
    if (Files.isDirectory(entry)) {
      return HexFormat.of().formatHex(digest.digest(packFolder(entry)));
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(entry), digest)) {
      in.transferTo(OutputSink.INSTANCE);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  public static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(sha256().digest(bytes));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] packFolder(Path folder) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(folder)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Path file : files) {
        ZipEntry e = new ZipEntry(folder.relativize(file).toString().replace('\\', '/'));
        e.setTime(FIXED_TIME);
        zip.putNextEntry(e);
        Files.copy(file, zip);
        zip.closeEntry();
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return out.toByteArray();
  }

  /** Discards what is written: the digest stream only needs to be read through. */
  private static final class OutputSink extends java.io.OutputStream {
    static final OutputSink INSTANCE = new OutputSink();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }
}
