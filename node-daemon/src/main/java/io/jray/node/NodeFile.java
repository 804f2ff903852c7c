package io.jray.node;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.jray.runtime.files.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code node_<id>.json}: what a node started and where it listens. {@code jray stop} and the reaper act only on
 * the processes listed here, matched by pid and start time.
 */
public record NodeFile(
    String nodeId,
    boolean head,
    String nodeIp,
    String gcsAddress,
    String sessionDir,
    String shmDir,
    Map<String, Integer> ports,
    List<Daemon> processes) {

  /** One process of the node. */
  public record Daemon(String kind, long pid, long startTicks, List<String> command) {
    public DaemonKind daemonKind() {
      return DaemonKind.valueOf(kind);
    }
  }

  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

  public static NodeFile read(Path file) throws IOException {
    return GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), NodeFile.class);
  }

  /** Written to a new temp file (0600) and renamed into place, so a reader never sees half a file. */
  public void write(Path file) throws IOException {
    PrivateFiles.writeAtomically(file, GSON.toJson(this).getBytes(StandardCharsets.UTF_8));
  }
}
