package io.jray.gcs;

import io.jray.node.DaemonHost;
import io.jray.node.DaemonKind;
import java.nio.file.Path;

/** The GCS process: {@code java io.jray.gcs.GcsMain --port=6379 --port-file=... --session=...}. */
public final class GcsMain {
  private GcsMain() {}

  public static void main(String[] args) throws Exception {
    DaemonHost host = new DaemonHost(DaemonKind.GCS, args);
    GcsServer gcs = new GcsServer(host.token(), host.args().get("session", "session"),
        Path.of(host.args().get("session-dir")), host.args().get("address"));
    host.onShutdown(gcs::close);
    host.serve(gcs.services());
    gcs.start();
    host.ready();
    host.awaitTermination();
  }
}
