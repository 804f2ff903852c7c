package io.jray.raylet;

import io.jray.node.DaemonHost;
import io.jray.node.DaemonKind;

/** The raylet process: the node's local scheduler and worker pool. */
public final class RayletMain {
  private RayletMain() {}

  public static void main(String[] args) throws Exception {
    DaemonHost host = new DaemonHost(DaemonKind.RAYLET, args);
    Raylet raylet = new Raylet(RayletConfig.from(host.args()), host.token());
    host.onShutdown(raylet::close);
    raylet.exportMetrics();
    int port = host.serve(raylet.services());
    java.util.List<String> metrics = new java.util.ArrayList<>();
    metrics.add(host.args().get("node-ip") + ":" + host.metricsPort());
    for (String target : host.args().get("metrics-targets", "").split(",")) {
      if (!target.isBlank()) {
        metrics.add(target);
      }
    }
    raylet.start(port, host.metricsPort() < 0 ? java.util.List.of() : metrics);
    host.ready();
    host.awaitTermination();
  }
}
