package io.jray.gcs;

import io.jray.gcs.storage.Storages;
import io.jray.gcs.storage.TableStorage;
import io.jray.node.DaemonHost;
import io.jray.node.DaemonKind;
import java.nio.file.Path;

/**
 * The GCS process: {@code java io.jray.gcs.GcsMain --port=6379 --port-file=... --session=... --storage=...}. With
 * durable storage it starts from what a previous GCS of the cluster left there.
 */
public final class GcsMain {
  private GcsMain() {}

  public static void main(String[] args) throws Exception {
    // The JDK's HTTP server (the dashboard) reads these once, when its classes load: without them a client that
    // never finishes its request holds a thread forever. 300 s lets a large jar upload (PUT /api/packages) finish.
    setIfUnset("sun.net.httpserver.maxReqTime", "300");
    setIfUnset("sun.net.httpserver.maxRspTime", "300");
    DaemonHost host = new DaemonHost(DaemonKind.GCS, args);
    String passwordFile = host.args().get("storage-password-file", "");
    GcsServer gcs;
    try {
      TableStorage storage = Storages.open(host.args().get("storage", Storages.MEMORY),
          passwordFile.isEmpty() ? null : Path.of(passwordFile));
      gcs = new GcsServer(host.token(), host.args().get("session", "session"),
          Path.of(host.args().get("session-dir")), host.args().get("address"), storage);
    } catch (io.jray.gcs.storage.StorageException e) {
      // The launcher quotes this line in its one sentence (and the reaper tries again, for a durable storage).
      System.err.println(io.jray.node.DaemonProcess.FATAL_PREFIX + e.getMessage());
      System.exit(1);
      return;
    }
    host.onShutdown(gcs::close);
    gcs.exportMetrics();
    host.serve(gcs.services());
    String dashboardPort = host.args().get("dashboard-port", null);
    if (dashboardPort != null) {
      io.jray.gcs.dashboard.DashboardServer dashboard;
      try {
        dashboard = gcs.startDashboard(host.args().get("dashboard-host", host.bindHost()),
            Integer.parseInt(dashboardPort), host.args().get("node-ip", host.bindHost()), host.token());
      } catch (java.net.BindException e) {
        String taken = "Port " + dashboardPort + " (--dashboard-port) is already in use by another process";
        if (!Boolean.parseBoolean(host.args().get("restarted", "false"))) {
          System.err.println(io.jray.node.DaemonProcess.FATAL_PREFIX + taken
              + "; stop that process or choose another port with --dashboard-port.");
          System.exit(1);
          return;
        }
        // A GCS the reaper restarted serves the cluster without its dashboard rather than not at all.
        java.util.logging.Logger.getLogger(GcsMain.class.getName()).severe(taken
            + "; this restarted GCS runs without the dashboard.");
        dashboard = null;
      }
      if (dashboard != null) {
        host.onShutdown(dashboard::close);
        host.publishBeside("dashboard", dashboard.port());
      }
    }
    gcs.start();
    host.ready();
    host.awaitTermination();
  }

  private static void setIfUnset(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }
}
