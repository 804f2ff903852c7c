package io.jray.reaper;

import io.jray.node.DaemonHost;
import io.jray.node.DaemonKind;
import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.process.ProcessRecord;
import java.nio.file.Path;
import java.util.List;

/** The reaper process of a node. */
public final class ReaperMain {
  private ReaperMain() {}

  public static void main(String[] args) throws Exception {
    DaemonHost host = new DaemonHost(DaemonKind.REAPER, args);
    Reaper reaper = new Reaper(
        Path.of(host.args().get("node-file")),
        record(host.args().getLong("launcher-pid", -1), host.args().getLong("launcher-start", -1)),
        record(host.args().getLong("owner-pid", -1), host.args().getLong("owner-start", -1)),
        Boolean.parseBoolean(host.args().get("restart-gcs", "false"))
            ? new GcsRestarter(Path.of(host.args().get("node-file")), JrayConfig.GCS_RESTARTS_PER_MINUTE.get())
            : null);
    host.serve(List.of());
    host.ready();
    reaper.run();
  }

  private static ProcessRecord record(long pid, long start) {
    return pid < 0 ? null : new ProcessRecord(pid, start);
  }
}
