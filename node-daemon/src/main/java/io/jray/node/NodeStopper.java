package io.jray.node;

import io.jray.objectstore.SharedMemoryDir;
import io.jray.runtime.cluster.ClusterAddress;
import io.jray.runtime.files.PrivateFiles;
import io.jray.runtime.process.ProcessRecord;
import io.jray.runtime.rpc.HostPort;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code jray stop}: ends exactly the processes listed in the node files under one temp dir whose pid and
 * start time still match, in {@link DaemonKind} order (reaper, raylet, object store, GCS last); removes each
 * node's shared memory and node file and, for a head, the address file. Never matches by process name.
 * What it reads decides what it signals and deletes, so a temp dir, session dir or node file that another user
 * owns or could write is refused (one sentence, nothing done), and only shared-memory folders jray made for this
 * user are removed.
 */
public final class NodeStopper {
  private NodeStopper() {}

  /** How a stop went. */
  public record Result(int stopped, int nodes) {}

  public static Result stop(Path tempDir, boolean force, long graceMs) throws IOException {
    int stopped = 0;
    List<Path> nodeFiles = nodeFiles(tempDir);
    for (Path file : nodeFiles) {
      stopped += stopNode(file, tempDir, force, graceMs);
    }
    return new Result(stopped, nodeFiles.size());
  }

  /** Stops the node of one node file; returns how many of its processes were running and are now gone. */
  public static int stopNode(Path nodeFilePath, Path tempDir, boolean force, long graceMs) throws IOException {
    if (!Files.exists(nodeFilePath, LinkOption.NOFOLLOW_LINKS)) {
      return 0;
    }
    PrivateFiles.checkFile(nodeFilePath, "node file", ClusterAddress.TEMP_DIR_REMEDY);
    NodeFile node;
    try {
      node = NodeFile.read(nodeFilePath);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    List<NodeFile.Daemon> ordered = new ArrayList<>(node.processes());
    ordered.sort(Comparator.comparing(NodeFile.Daemon::daemonKind));
    List<ProcessRecord> running = ordered.stream()
        .map(d -> new ProcessRecord(d.pid(), d.startTicks())).filter(ProcessRecord::isAlive).toList();
    // One at a time in order; a daemon that exits by itself meanwhile (its reaper went first) still counts.
    for (ProcessRecord daemon : running) {
      ProcessKiller.terminate(List.of(daemon), force ? 0 : graceMs);
    }
    int stopped = (int) running.stream().filter(p -> !p.isAlive()).count();
    if (node.shmDir() != null) {
      SharedMemoryDir.deleteIfOurs(Path.of(node.shmDir()));
    }
    if (node.head()) {
      ClusterAddress.removeIfNames(tempDir, HostPort.parse(node.gcsAddress()));
    }
    Files.deleteIfExists(nodeFilePath);
    return stopped;
  }

  /**
   * Every node file of every session under the temp dir.
   *
   * @throws io.jray.runtime.files.NotPrivateException if the temp dir, a session dir or a node file is another
   *     user's or writable by others
   */
  public static List<Path> nodeFiles(Path tempDir) throws IOException {
    List<Path> files = new ArrayList<>();
    if (!Files.isDirectory(tempDir)) {
      return files;
    }
    PrivateFiles.checkDir(tempDir, "temp dir", ClusterAddress.TEMP_DIR_REMEDY);
    try (DirectoryStream<Path> sessions = Files.newDirectoryStream(tempDir, SessionLayout.SESSION_PREFIX + "*")) {
      for (Path session : sessions) {
        if (Files.isSymbolicLink(session) || !Files.isDirectory(session)) {
          continue;
        }
        PrivateFiles.checkDir(session, "session dir", ClusterAddress.TEMP_DIR_REMEDY);
        try (DirectoryStream<Path> nodes = Files.newDirectoryStream(session, "node_*.json")) {
          for (Path node : nodes) {
            PrivateFiles.checkFile(node, "node file", ClusterAddress.TEMP_DIR_REMEDY);
            files.add(node);
          }
        }
      }
    }
    return files;
  }
}
