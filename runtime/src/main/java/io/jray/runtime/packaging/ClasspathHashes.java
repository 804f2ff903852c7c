package io.jray.runtime.packaging;

import io.jray.runtime.files.JrayHome;
import io.jray.runtime.files.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;

/**
 * What is known of classpath jars without reading them again: each jar's SHA-256 and whether it holds jray's own
 * classes, remembered by its path, size, modification time (to the nanosecond) and file key (device and inode)
 * in a private file, {@code ~/.jray/cache/classpath-sha256}. A driver's {@code Ray.init} otherwise read every jar of
 * its classpath (tens of MB) to name its code. A jar that was rewritten has another modification time or inode and
 * is hashed again; folders (a build's classes) are always hashed. The file is only a cache: one that cannot be
 * read, is not this user's or is damaged is ignored, and concurrent writers replace it whole. Thread-safe.
 */
public final class ClasspathHashes {
  private static final Logger LOG = Logger.getLogger(ClasspathHashes.class.getName());
  private static final int MAX_ENTRIES = 4096;
  private static final long RACY_MS = 2_000;
  private static final String WHAT = "classpath hash cache";
  private static volatile ClasspathHashes shared;

  /** One jar as it was when hashed. */
  record Known(String sha256, boolean jrays, long size, long mtimeNanos, String fileKey) {
    boolean matches(BasicFileAttributes attrs) {
      return size == attrs.size() && mtimeNanos == nanos(attrs) && fileKey.equals(String.valueOf(attrs.fileKey()));
    }
  }

  private final Path file;
  private final Map<String, Known> known = new LinkedHashMap<>();
  private boolean changed;

  ClasspathHashes(Path file) {
    this.file = file;
    if (file != null) {
      load();
    }
  }

  /** This user's cache ({@code ~/.jray/cache/classpath-sha256}), read once per process. */
  public static ClasspathHashes shared() {
    ClasspathHashes cache = shared;
    if (cache == null) {
      synchronized (ClasspathHashes.class) {
        if (shared == null) {
          shared = new ClasspathHashes(JrayHome.dir().resolve("cache").resolve("classpath-sha256"));
        }
        cache = shared;
      }
    }
    return cache;
  }

  /** The SHA-256 of what {@link ClasspathEntry#writeTo} writes for {@code entry}. */
  public String sha256(Path entry) throws IOException {
    Known jar = jar(entry);
    return jar != null ? jar.sha256() : ClasspathEntry.sha256(entry);
  }

  /** Whether {@code entry} holds classes of jray's own ({@link ClasspathEntry#holdsJraysClasses}). */
  public boolean holdsJraysClasses(Path entry) throws IOException {
    Known jar = jar(entry);
    return jar != null ? jar.jrays() : ClasspathEntry.holdsJraysClasses(entry);
  }

  /** Writes what was learnt since the cache was read, if anything; a failure only costs the next run a re-hash. */
  public synchronized void save() {
    if (!changed || file == null) {
      return;
    }
    StringBuilder text = new StringBuilder();
    known.entrySet().stream().skip(Math.max(0, known.size() - MAX_ENTRIES)).forEach(e -> {
      Known k = e.getValue();
      text.append(k.sha256()).append('\t').append(k.jrays() ? 1 : 0).append('\t').append(k.size()).append('\t')
          .append(k.mtimeNanos()).append('\t').append(k.fileKey()).append('\t').append(e.getKey()).append('\n');
    });
    try {
      PrivateFiles.ensurePrivateDir(file.getParent(), WHAT + " folder", "remove it");
      PrivateFiles.writeAtomically(file, text.toString().getBytes(StandardCharsets.UTF_8));
      changed = false;
    } catch (IOException | RuntimeException e) {
      LOG.fine("cannot write " + file + ": " + e.getMessage());
    }
  }

  /** The jar's known facts, hashed now if unknown or changed; null for a folder (never cached). */
  private Known jar(Path entry) throws IOException {
    BasicFileAttributes attrs = Files.readAttributes(entry, BasicFileAttributes.class);
    if (!attrs.isRegularFile()) {
      return null;
    }
    String key = entry.toAbsolutePath().normalize().toString();
    synchronized (this) {
      Known jar = known.get(key);
      if (jar != null && jar.matches(attrs)) {
        return jar;
      }
    }
    Known fresh = new Known(ClasspathEntry.sha256(entry), ClasspathEntry.holdsJraysClasses(entry), attrs.size(),
        nanos(attrs), String.valueOf(attrs.fileKey()));
    BasicFileAttributes after = Files.readAttributes(entry, BasicFileAttributes.class);
    long age = System.currentTimeMillis() - attrs.lastModifiedTime().toMillis();
    if (!fresh.matches(after) || age < RACY_MS) {
      // Changed while being read, or so recently that a rewrite within the file system's time resolution could
      // keep size and time (git's "racily clean" entries): this hash is not remembered.
      return fresh;
    }
    synchronized (this) {
      known.remove(key);
      known.put(key, fresh); // last used last, so the oldest go first when the file is full
      changed = true;
    }
    return fresh;
  }

  private synchronized void load() {
    try {
      if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        return;
      }
      PrivateFiles.checkDir(file.getParent(), WHAT + " folder", "remove it");
      PrivateFiles.checkFile(file, WHAT, "remove it");
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String[] f = line.split("\t", 6);
        if (f.length == 6 && PackageFile.isSha256(f[0])) {
          known.put(f[5], new Known(f[0], f[1].equals("1"), Long.parseLong(f[2]), Long.parseLong(f[3]), f[4]));
        }
      }
    } catch (IOException | RuntimeException e) {
      known.clear();
      LOG.fine("ignoring " + file + ": " + e.getMessage());
    }
  }

  private static long nanos(BasicFileAttributes attrs) {
    java.time.Instant t = attrs.lastModifiedTime().toInstant();
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }
}
