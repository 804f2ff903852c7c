package io.jray.runtime;

import io.jray.api.Ray;
import io.jray.testing.ClusterHarness;
import java.util.Map;

/**
 * The cluster the task and actor API tests share: a head with 2 CPUs and a second node with 2 CPUs and the
 * custom resources "special" and "solo" (each fits one task) only it has, with this JVM connected as the driver.
 * Closing disconnects and stops both.
 */
final class TwoNodeCluster implements AutoCloseable {
  final ClusterHarness cluster;
  final String node2;

  private TwoNodeCluster(ClusterHarness cluster, String node2) {
    this.cluster = cluster;
    this.node2 = node2;
  }

  static TwoNodeCluster startWithDriver() throws Exception {
    ClusterHarness cluster = ClusterHarness.withHead(2);
    try {
      String node2 = cluster.addNode(spec -> spec.withNumCpus(2.0).withCustomResources(Map.of("special", 1.0, "solo", 1.0)))
          .nodeFile().nodeId();
      Ray.init(cluster.gcsAddress().toString());
      return new TwoNodeCluster(cluster, node2);
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  @Override
  public void close() {
    Ray.shutdown();
    cluster.close();
  }
}
