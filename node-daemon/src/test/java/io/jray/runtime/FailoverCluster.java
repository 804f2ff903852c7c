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
    return startWithDriver(-1);
  }

  /**
   * @param driverNode which "special" node (0 or 1) this JVM's driver takes as its local node (its puts go to that
   *     node's object store); -1: the head
   */
  static FailoverCluster startWithDriver(int driverNode) throws Exception {
    ClusterHarness cluster = ClusterHarness.withHead(1);
    try {
      List<NodeLauncher.StartedNode> workers = List.of(
          cluster.addNode(spec -> spec.withNumCpus(1.0).withCustomResources(Map.of("special", 1.0))),
          cluster.addNode(spec -> spec.withNumCpus(1.0).withCustomResources(Map.of("special", 1.0))));
      if (driverNode >= 0) {
        System.setProperty("jray.node_id", workers.get(driverNode).nodeFile().nodeId());
      }
      try {
        Ray.init(cluster.gcsAddress().toString());
      } finally {
        System.clearProperty("jray.node_id");
      }
      return new FailoverCluster(cluster, workers);
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  /** The ids (hex) of the two "special" nodes. */
  List<String> nodeIds() {
    return workers.stream().map(n -> n.nodeFile().nodeId()).toList();
  }

  /** Kills the raylet and the object store of the "special" node with this id (hex) with SIGKILL, as a crash. */
  void killNodeProcesses(String nodeId) throws IOException, InterruptedException {
    NodeLauncher.StartedNode node = node(nodeId);
    for (io.jray.node.DaemonKind kind : List.of(io.jray.node.DaemonKind.RAYLET, io.jray.node.DaemonKind.OBJECT_STORE)) {
      long pid = node.nodeFile().processes().stream().filter(d -> d.daemonKind() == kind).findFirst().orElseThrow()
          .pid();
      new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
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
