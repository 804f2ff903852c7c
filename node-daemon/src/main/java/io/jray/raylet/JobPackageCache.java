package io.jray.raylet;

import io.jray.proto.JobPackage;
import io.jray.runtime.gcs.GcsClient;
import io.jray.runtime.packaging.ClasspathEntry;
import io.jray.runtime.packaging.JobPackager;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Turns a job's packages into classpath entries on this node: those the raylet's own classpath already holds
 * (same SHA-256) are skipped, the rest are fetched once from the GCS into a node-local cache
 * ({@code <temp-dir>/package_cache/<sha256>.jar}) and reused by every later worker. Synchronized.
 */
final class JobPackageCache {
  private static final Logger LOG = Logger.getLogger(JobPackageCache.class.getName());

  private final GcsClient gcs;
  private final Path cacheDir;
  private Set<String> own;

  JobPackageCache(GcsClient gcs, Path cacheDir) {
    this.gcs = gcs;
    this.cacheDir = cacheDir;
  }

  /** The entries workers of this job need beyond the raylet's own classpath, fetching what is missing. */
  synchronized List<String> extraClasspath(List<JobPackage> packages) {
    Set<String> mine = ownPackages();
    List<String> extra = new ArrayList<>();
    for (JobPackage p : packages) {
      if (!mine.contains(p.getSha256())) {
        extra.add(fetch(p).toString());
      }
    }
    return extra;
  }

  private Path fetch(JobPackage p) {
    Path cached = cacheDir.resolve(p.getSha256() + ".jar");
    if (Files.exists(cached)) {
      return cached;
    }
    byte[] bytes = gcs.kvGet(JobPackager.KV_NAMESPACE, com.google.protobuf.ByteString.copyFromUtf8(p.getSha256()))
        .orElseThrow(() -> new IllegalStateException("The job's package " + p.getName() + " (sha256 "
            + p.getSha256() + ") is not in the GCS; the driver must upload it first."))
        .toByteArray();
    if (!ClasspathEntry.sha256(bytes).equals(p.getSha256())) {
      throw new IllegalStateException("The job's package " + p.getName() + " arrived corrupted (checksum mismatch).");
    }
    try {
      Files.createDirectories(cacheDir);
      Path tmp = Files.createTempFile(cacheDir, p.getSha256(), ".tmp");
      Files.write(tmp, bytes);
      Files.move(tmp, cached, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + cached + ": " + e.getMessage(), e);
    }
    LOG.info("fetched job package " + p.getName() + " sha256=" + p.getSha256() + " bytes=" + bytes.length);
    return cached;
  }

  /** SHA-256 of each entry of this raylet's classpath, computed once. */
  private Set<String> ownPackages() {
    if (own == null) {
      Map<String, String> hashes = new HashMap<>();
      for (String item : System.getProperty("java.class.path").split(File.pathSeparator)) {
        Path entry = Path.of(item);
        if (!item.isBlank() && Files.exists(entry)) {
          try {
            hashes.put(ClasspathEntry.sha256(entry), item);
          } catch (IOException e) {
            LOG.warning("cannot hash " + entry + ": " + e.getMessage());
          }
        }
      }
      own = Set.copyOf(hashes.keySet());
    }
    return own;
  }
}
