package io.jray.reaper;

import io.jray.node.NodeFile;
import io.jray.node.ProcessKiller;
import io.jray.objectstore.SharedMemoryDir;
import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.process.ProcessRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Logger;

/**
 * Makes sure no process of a node is orphaned. Until the node file exists it watches the launcher (a start
 * that died half-way leaves nothing); afterwards it watches the node's daemons and, for {@code --block} or a
 * driver's local cluster, the owner process. When any of them dies, it ends the rest and exits; the daemons
 * then see their reaper gone. One exception: on a head with durable GCS storage a GCS that died is started again
 * ({@link GcsRestarter}). Runs on the main thread, polling every {@code process_watch_period_ms}.
 */
final class Reaper {
  private static final Logger LOG = Logger.getLogger(Reaper.class.getName());

  private final Path nodeFile;
  private final ProcessRecord launcher;
  private final ProcessRecord owner;
  private final GcsRestarter gcsRestarter;

  /** @param gcsRestarter null unless this is a head whose GCS has durable storage */
  Reaper(Path nodeFile, ProcessRecord launcher, ProcessRecord owner, GcsRestarter gcsRestarter) {
    this.nodeFile = nodeFile;
    this.launcher = launcher;
    this.owner = owner;
    this.gcsRestarter = gcsRestarter;
  }

  void run() throws InterruptedException {
    long period = JrayConfig.PROCESS_WATCH_PERIOD_MS.get();
    List<NodeFile.Daemon> daemons = null;
    long self = ProcessHandle.current().pid();
    while (true) {
      if (daemons == null) {
        daemons = readDaemons(self);
        if (daemons == null && launcher != null && !launcher.isAlive()) {
          LOG.warning("the launcher (pid " + launcher.pid() + ") died before the node was up; exiting");
          System.exit(1);
        }
      }
      if (owner != null && !owner.isAlive()) {
        LOG.warning("owner process pid=" + owner.pid() + " is gone; ending the node");
        endAll(daemons);
        return;
      }
      if (daemons != null) {
        for (NodeFile.Daemon daemon : daemons) {
          if (!record(daemon).isAlive()) {
            if (daemon.daemonKind() == io.jray.node.DaemonKind.GCS && gcsRestarter != null
                && gcsRestarter.restart(daemon).isPresent()) {
              daemons = readDaemons(self);
              break;
            }
            LOG.warning("daemon pid=" + daemon.pid() + " died; ending the rest of the node");
            endAll(daemons);
            return;
          }
        }
      }
      Thread.sleep(period);
    }
  }

  private List<NodeFile.Daemon> readDaemons(long self) {
    if (!Files.exists(nodeFile)) {
      return null;
    }
    try {
      return NodeFile.read(nodeFile).processes().stream().filter(p -> p.pid() != self).toList();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static ProcessRecord record(NodeFile.Daemon daemon) {
    return new ProcessRecord(daemon.pid(), daemon.startTicks());
  }

  private void endAll(List<NodeFile.Daemon> daemons) {
    if (daemons != null) {
      ProcessKiller.terminate(daemons.stream().map(Reaper::record).toList(),
          JrayConfig.STOP_GRACE_PERIOD_S.get() * 1000L);
      removeSharedMemory();
    }
    System.exit(0);
  }

  /**
   * The node's shared memory outlives its object store when the store was killed (SIGKILL runs no cleanup):
   * removed here, as {@code jray stop} would, and only if it is a folder this user's jray made.
   */
  private void removeSharedMemory() {
    try {
      String shm = NodeFile.read(nodeFile).shmDir();
      if (shm != null && SharedMemoryDir.deleteIfOurs(Path.of(shm))) {
        LOG.info("removed the node's shared memory " + shm);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warning("could not remove the node's shared memory: " + e);
    }
  }
}
