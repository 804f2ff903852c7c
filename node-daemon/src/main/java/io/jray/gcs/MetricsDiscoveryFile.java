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
 * of every live node, as Prometheus's {@code file_sd_configs} reads it; rewritten (atomically) whenever a node joins
 * or dies.
 */
final class MetricsDiscoveryFile {
  static final String NAME = "prom_metrics_service_discovery.json";
  private static final Logger LOG = Logger.getLogger(MetricsDiscoveryFile.class.getName());

  private final Path file;
  private final NodeManager nodes;

  MetricsDiscoveryFile(Path tempDir, NodeManager nodes) {
    this.file = tempDir.resolve(NAME);
    this.nodes = nodes;
  }

  synchronized void write() {
    List<String> targets = new ArrayList<>();
    for (NodeInfo node : nodes.alive()) {
      targets.addAll(node.getMetricsTargetsList());
    }
    String json = new Gson().toJson(List.of(Map.of("labels", Map.of("job", "jray"), "targets", targets)));
    try {
      PrivateFiles.writeAtomically(file, json.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      LOG.warning("could not write " + file + ": " + e.getMessage());
    }
  }
}
