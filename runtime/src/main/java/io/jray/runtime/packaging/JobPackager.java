package io.jray.runtime.packaging;

import com.google.protobuf.ByteString;
import io.jray.proto.JobPackage;
import io.jray.runtime.gcs.GcsClient;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Ships a driver's classpath to the cluster: each entry is uploaded once, content-addressed by SHA-256, into
 * the GCS key-value store (skipped when the GCS has it already), and the job's lease requests name the list.
 */
public final class JobPackager {
  /** The key-value namespace of job packages. */
  public static final String KV_NAMESPACE = "job_packages";

  private JobPackager() {}

  public static List<JobPackage> upload(GcsClient gcs, String classpath) {
    List<JobPackage> packages = new ArrayList<>();
    for (String item : classpath.split(File.pathSeparator)) {
      Path entry = Path.of(item);
      if (item.isBlank() || !Files.exists(entry)) {
        continue;
      }
      try {
        String sha = ClasspathEntry.sha256(entry);
        ByteString key = ByteString.copyFromUtf8(sha);
        if (gcs.kvGet(KV_NAMESPACE + "_index", key).isEmpty()) {
          gcs.kvPut(KV_NAMESPACE, key, ByteString.copyFrom(ClasspathEntry.bytes(entry)), false);
          // The index entry is written last: its presence means the bytes are complete.
          gcs.kvPut(KV_NAMESPACE + "_index", key, ByteString.copyFromUtf8(entry.getFileName().toString()), false);
        }
        packages.add(JobPackage.newBuilder().setSha256(sha).setName(entry.getFileName().toString()).build());
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read classpath entry " + entry + ": " + e.getMessage(), e);
      }
    }
    return packages;
  }
}
