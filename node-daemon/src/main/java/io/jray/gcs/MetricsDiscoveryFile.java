package io.jray.gcs;

import com.google.gson.Gson;
import io.jray.proto.NodeInfo;
import io.jray.runtime.files.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Keeps {@code <temp-dir>/prom_metrics_service_discovery.json} (Ray's name and place) listing the metrics endpoints
 * of every live node, as Prometheus's {@code file_sd_configs} reads it; rewritten (atomically) when a node's join or
 * death changed what it lists. Rewrites happen on a thread of their own, one for a burst of changes: a thousand nodes
 * joining at once must not each wait for a walk of the node table and a file's fsync on the GCS's request threads.
 */
final class MetricsDiscoveryFile {
  static final String NAME = "prom_metrics_service_discovery.json";
  private static final Logger LOG = Logger.getLogger(MetricsDiscoveryFile.class.getName());

  private final Path file;
  private final NodeManager nodes;
  private final java.util.concurrent.ExecutorService writer = java.util.concurrent.Executors.newSingleThreadExecutor(
      io.jray.runtime.process.DaemonThreads.named("metrics-discovery"));
  private final java.util.concurrent.atomic.AtomicBoolean queued = new java.util.concurrent.atomic.AtomicBoolean();
  private String written;

  MetricsDiscoveryFile(Path tempDir, NodeManager nodes) {
    this.file = tempDir.resolve(NAME);
    this.nodes = nodes;
  }

  /** A node joined or died: the file is rewritten soon, once for every change made meanwhile. */
  void changed() {
    if (queued.compareAndSet(false, true)) {
      writer.execute(() -> {
        queued.set(false);
        write();
      });
    }
  }

  synchronized void write() {
    List<String> targets = new ArrayList<>();
    for (NodeInfo node : nodes.alive()) {
      targets.addAll(node.getMetricsTargetsList());
    }
    String json = new Gson().toJson(List.of(Map.of("labels", Map.of("job", "jray"), "targets", targets)));
    if (json.equals(written)) {
      return;
    }
    try {
      PrivateFiles.writeAtomically(file, json.getBytes(StandardCharsets.UTF_8));
      written = json;
    } catch (IOException e) {
      LOG.warning("could not write " + file + ": " + e.getMessage());
    }
  }
}
