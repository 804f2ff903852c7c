package io.jray.gcs;

import io.grpc.Status;
import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.packaging.ClasspathEntry;
import io.jray.runtime.packaging.PackageFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Set;

/**
 * The GCS's code packages, content-addressed on the head's disk ({@code <root>/packages/<sha256>.jar}, the root
 * being the session folder, or with durable storage a folder that outlives the session):
 * {@code jray submit} jars and the classpath entries drivers ship. Files only appear complete and checked (see
 * {@link PackageFile}), so readers need no lock. Also knows the SHA-256s of jray's runtime, this GCS's own
 * classpath, which is what raylets start workers with: those never need to travel. Thread-safe.
 */
public final class PackageStore {
  private final Path dir;
  private final String runtimeClasspath;
  private Set<String> runtime;

  /**
   * @param root the folder that holds {@code packages/}
   * @param runtimeClasspath the classpath every node starts workers with (this install's jars)
   */
  public PackageStore(Path root, String runtimeClasspath) {
    this.dir = root.resolve("packages");
    this.runtimeClasspath = runtimeClasspath;
  }

  /** Where the package with this SHA-256 is (or would be) stored; INVALID_ARGUMENT if it is no SHA-256. */
  public Path path(String sha256) {
    try {
      return PackageFile.path(dir, sha256);
    } catch (IllegalArgumentException e) {
      throw Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException();
    }
  }

  public boolean stored(String sha256) {
    return PackageFile.isSha256(sha256) && Files.isRegularFile(path(sha256));
  }

  /** Those of the SHA-256s that belong to jray's runtime; hashes the runtime's entries on first use. */
  public Set<String> runtime(Collection<String> sha256s) {
    Set<String> own = runtime();
    return Set.copyOf(sha256s.stream().filter(own::contains).toList());
  }

  private synchronized Set<String> runtime() {
    if (runtime == null) {
      runtime = Set.copyOf(ClasspathEntry.byHash(runtimeClasspath).keySet());
    }
    return runtime;
  }

  /**
   * Refuses, with INVALID_ARGUMENT, an upload that has grown past {@link JrayConfig#PACKAGE_MAX_BYTES}: the head's
   * disk is not the place for an unbounded stream.
   */
  public void checkUploadSize(String name, long bytes) {
    long max = JrayConfig.PACKAGE_MAX_BYTES.get();
    if (bytes > max) {
      throw Status.INVALID_ARGUMENT.withDescription("The package " + name + " is larger than the GCS takes ("
          + JrayConfig.PACKAGE_MAX_BYTES.propertyName() + " = " + max + " bytes); ship a smaller jar or raise that"
          + " setting on the head.").asRuntimeException();
    }
  }

  /** A new upload of the package {@code sha256}; it is stored when committed with matching bytes. */
  public PackageFile newUpload(String sha256) throws IOException {
    path(sha256);
    return PackageFile.create(dir, sha256);
  }
}
