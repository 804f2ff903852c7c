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
    int port = host.serve(raylet.services());
    raylet.start(port);
    host.ready();
    host.awaitTermination();
  }
}
