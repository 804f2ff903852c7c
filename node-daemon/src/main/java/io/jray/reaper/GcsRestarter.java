package io.jray.reaper;

import io.jray.node.DaemonKind;
import io.jray.node.NodeFile;
import io.jray.node.SessionLayout;
import io.jray.runtime.process.ProcessRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * On a head whose GCS keeps its tables in durable storage, starts a GCS that died (kill -9, out of memory, a storage
 * it could not write) again, with the same command (so on the same port, over the same storage), at most
 * {@code perMinute} times a minute; the new process replaces the old one in the node file, so {@code jray stop}
 * still ends it. A GCS that stopped on purpose (SIGTERM) left a mark beside its port file, and is left alone; one
 * that died, even during its own start-up, left none.
 */
final class GcsRestarter {
  private static final Logger LOG = Logger.getLogger(GcsRestarter.class.getName());
  private static final long MINUTE_MS = 60_000;

  private final Path nodeFile;
  private final int perMinute;
  private final Deque<Long> recent = new ArrayDeque<>();
  private int restarts;

  GcsRestarter(Path nodeFile, int perMinute) {
    this.nodeFile = nodeFile;
    this.perMinute = perMinute;
  }

  /**
   * Starts the dead GCS again; returns the new process, or empty when it must not be (it stopped on purpose, or
   * it already restarted {@code perMinute} times in the last minute) or could not be.
   */
  Optional<ProcessRecord> restart(NodeFile.Daemon dead) {
    long now = System.currentTimeMillis();
    while (!recent.isEmpty() && recent.peekFirst() < now - MINUTE_MS) {
      recent.pollFirst();
    }
    try {
      NodeFile node = NodeFile.read(nodeFile);
      SessionLayout layout = new SessionLayout(Path.of(node.sessionDir()).getParent(), Path.of(node.sessionDir()));
      Path portFile = layout.portFile(DaemonKind.GCS);
      if (Files.exists(io.jray.node.DaemonHost.stoppedMarker(portFile))) {
        LOG.info("the GCS (pid " + dead.pid() + ") stopped on purpose; not restarting it");
        return Optional.empty();
      }
      if (recent.size() >= perMinute) {
        LOG.severe("the GCS (pid " + dead.pid() + ") died; it already restarted " + recent.size()
            + " times in the last minute (gcs_restarts_per_minute), so the node ends");
        return Optional.empty();
      }
      Files.deleteIfExists(portFile);
      List<String> command = new ArrayList<>(dead.command());
      command.add("--restarted=true"); // a restarted GCS goes on without its dashboard when that port is taken
      Process process = new ProcessBuilder(command)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(layout.stdout(DaemonKind.GCS).toFile()))
          .redirectError(ProcessBuilder.Redirect.appendTo(layout.stderr(DaemonKind.GCS).toFile()))
          .start();
      ProcessRecord started = ProcessRecord.of(process.pid()).orElse(new ProcessRecord(process.pid(), -1));
      recent.addLast(now);
      restarts++;
      List<NodeFile.Daemon> processes = new ArrayList<>();
      for (NodeFile.Daemon d : node.processes()) {
        processes.add(d.pid() == dead.pid() && d.startTicks() == dead.startTicks()
            ? new NodeFile.Daemon(d.kind(), started.pid(), started.startTicks(), d.command()) : d);
      }
      new NodeFile(node.nodeId(), node.head(), node.nodeIp(), node.gcsAddress(), node.sessionDir(), node.shmDir(),
          node.ports(), processes).write(nodeFile);
      LOG.warning("the GCS (pid " + dead.pid() + ") died; started it again as pid " + started.pid() + " (restart "
          + restarts + ", " + recent.size() + " in the last minute)");
      return Optional.of(started);
    } catch (IOException | RuntimeException e) {
      LOG.severe("the GCS (pid " + dead.pid() + ") died and could not be started again: " + e);
      return Optional.empty();
    }
  }
}
