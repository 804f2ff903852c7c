package io.jray.runtime;

import io.jray.api.Ray;
import io.jray.node.NodeLauncher;
import io.jray.testing.ClusterHarness;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The cluster the node-failure tests use: a 1-CPU head and two 1-CPU nodes with one "special" each (work that
 * asks for it can run on either, never on the head), with this JVM connected as the driver. {@link #killNode}
 * kills one of the two with SIGKILL; closing disconnects and stops everything.
 */
final class FailoverCluster implements AutoCloseable {
  final ClusterHarness cluster;
  private final List<NodeLauncher.StartedNode> workers;

  private FailoverCluster(ClusterHarness cluster, List<NodeLauncher.StartedNode> workers) {
    this.cluster = cluster;
    this.workers = workers;
  }

  static FailoverCluster startWithDriver() throws Exception {
    ClusterHarness cluster = ClusterHarness.withHead(1);
    try {
      List<NodeLauncher.StartedNode> workers = List.of(
          cluster.addNode(spec -> spec.withNumCpus(1.0).withCustomResources(Map.of("special", 1.0))),
          cluster.addNode(spec -> spec.withNumCpus(1.0).withCustomResources(Map.of("special", 1.0))));
      Ray.init(cluster.gcsAddress().toString());
      return new FailoverCluster(cluster, workers);
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  /** The "special" node with this id (hex). */
  NodeLauncher.StartedNode node(String nodeId) {
    return workers.stream().filter(n -> n.nodeFile().nodeId().equals(nodeId)).findFirst().orElseThrow();
  }

  /** Kills the raylet of the "special" node with this id (hex); returns the id of the other one. */
  String killNode(String nodeId) throws IOException, InterruptedException {
    ClusterHarness.killRaylet(workers.stream().filter(n -> n.nodeFile().nodeId().equals(nodeId))
        .findFirst().orElseThrow());
    return workers.stream().map(n -> n.nodeFile().nodeId()).filter(id -> !id.equals(nodeId)).findFirst().orElseThrow();
  }

  @Override
  public void close() {
    try {
      Ray.shutdown();
    } finally {
      cluster.close();
    }
  }
}
