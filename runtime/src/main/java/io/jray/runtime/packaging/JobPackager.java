package io.jray.runtime.packaging;

import io.jray.proto.JobPackage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Ships a driver's own code to the cluster: of its classpath entries, content-addressed by SHA-256, those that
 * are jray's runtime (the GCS's classpath, which is what raylets start workers with) stay home, and the job's
 * lease requests name the libraries among them as on the node; the rest are uploaded to the GCS's package store
 * unless it has them already, and the job's lease requests name them.
 */
public final class JobPackager {
  private static final Logger LOG = Logger.getLogger(JobPackager.class.getName());

  private JobPackager() {}

  public static List<JobPackage> upload(PackageClient packages, String classpath) {
    Map<String, Path> entries = ClasspathEntry.byHash(classpath);
    PackageClient.Found found = packages.find(entries.keySet());
    List<JobPackage> shipped = new ArrayList<>();
    entries.forEach((sha, entry) -> {
      String name = entry.getFileName().toString();
      if (found.runtime().contains(sha)) {
        // Not sent: every node has these bytes. A library the job shares with jray (same version) is still the
        // job's, named for its class loader; jray's own jars (its API, runtime, daemons) the worker has anyway.
        if (!holdsJraysClasses(entry)) {
          shipped.add(JobPackage.newBuilder().setSha256(sha).setName(name).setOnNode(true).build());
        }
        return;
      }
      if (!found.stored().contains(sha)) {
        try {
          long bytes = packages.upload(sha, name, out -> ClasspathEntry.writeTo(entry, out), sent -> {});
          LOG.fine("uploaded " + entry + " sha256=" + sha + " bytes=" + bytes);
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot ship classpath entry " + entry + ": " + e.getMessage(), e);
        }
      }
      shipped.add(JobPackage.newBuilder().setSha256(sha).setName(name).build());
    });
    return shipped;
  }

  private static boolean holdsJraysClasses(Path entry) {
    try {
      return ClasspathHashes.shared().holdsJraysClasses(entry);
    } catch (IOException e) {
      return ClasspathEntry.holdsJraysClasses(entry);
    }
  }
}
