package io.jray.raylet;

import io.grpc.StatusRuntimeException;
import io.jray.proto.JobPackage;
import io.jray.runtime.gcs.GcsClient;
import io.jray.runtime.packaging.ClasspathEntry;
import io.jray.runtime.packaging.PackageFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Turns a job's packages into classpath entries on this node: those the raylet's own classpath already holds
 * (same SHA-256) are skipped, the rest are fetched once from the GCS's package store, in chunks, into a
 * node-local cache ({@code <temp-dir>/package_cache/<sha256>.jar}, 0700) and reused by every later worker. A
 * copy this raylet did not fetch itself is re-hashed before its first use (and fetched again if it does not
 * match), so a jar swapped in the cache never runs in a worker. Synchronized: one fetch at a time.
 */
final class JobPackageCache {
  private static final Logger LOG = Logger.getLogger(JobPackageCache.class.getName());

  private final GcsClient gcs;
  private final Path cacheDir;
  private Map<String, Path> own;
  /** Packages whose cached bytes this raylet fetched or hashed itself. */
  private final Set<String> checked = new HashSet<>();

  JobPackageCache(GcsClient gcs, Path cacheDir) {
    this.gcs = gcs;
    this.cacheDir = cacheDir;
  }

  /** The entries workers of this job need beyond the raylet's own classpath, fetching what is missing. */
  synchronized List<String> extraClasspath(List<JobPackage> packages) {
    Map<String, Path> mine = ownPackages();
    List<String> extra = new ArrayList<>();
    for (JobPackage p : packages) {
      Path own = mine.get(p.getSha256());
      if (own != null) {
        if (p.getOnNode()) {
          extra.add(own.toString()); // a library the job shares with jray: this node's copy, in the job's loader
        }
      } else if (p.getOnNode()) {
        // The GCS's install has these bytes and this node's does not (another jray version here), and nobody
        // uploaded them: the job's code goes without that library on this node.
        LOG.warning("the job's " + p.getName() + " is a library of the head's jray install that this node's lacks; "
            + "its workers here go without it (install the same jray on every node)");
      } else {
        extra.add(fetch(p).toString());
      }
    }
    return extra;
  }

  private Path fetch(JobPackage p) {
    Path cached;
    try {
      cached = PackageFile.path(cacheDir, p.getSha256());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("The job names a package " + p.getName() + " whose SHA-256 '"
          + p.getSha256() + "' is malformed.");
    }
    if (checked.contains(p.getSha256()) && Files.isRegularFile(cached)) {
      return cached;
    }
    try {
      if (PackageFile.verified(cacheDir, p.getSha256()).isPresent()) {
        checked.add(p.getSha256());
        return cached;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("The cached package " + cached + " could not be checked: " + e.getMessage(), e);
    }
    long start = System.nanoTime();
    long bytes;
    try {
      bytes = Files.size(gcs.packages().download(p.getSha256(), cacheDir));
    } catch (StatusRuntimeException e) {
      throw new IllegalStateException("The job's package " + p.getName() + " (sha256 " + p.getSha256()
          + ") could not be fetched from the GCS: " + e.getStatus().getDescription(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("The job's package " + p.getName() + " could not be fetched: "
          + e.getMessage(), e);
    }
    checked.add(p.getSha256());
    LOG.info("fetched job package " + p.getName() + " sha256=" + p.getSha256() + " bytes=" + bytes + " ms="
        + (System.nanoTime() - start) / 1_000_000);
    return cached;
  }

  /** SHA-256 of each entry of this raylet's classpath, computed once. */
  private Map<String, Path> ownPackages() {
    if (own == null) {
      own = Map.copyOf(ClasspathEntry.byHash(System.getProperty("java.class.path")));
    }
    return own;
  }
}
