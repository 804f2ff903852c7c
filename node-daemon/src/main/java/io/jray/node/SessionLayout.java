package io.jray.node;

import java.nio.file.Path;

/** Where a node's files live under its temp dir (ARCHITECTURE.md section 3). */
public record SessionLayout(Path tempDir, Path sessionDir) {
  public static final String SESSION_LATEST = "session_latest";
  public static final String SESSION_PREFIX = "session_";

  public Path logsDir() {
    return sessionDir.resolve("logs");
  }

  public Path portsDir() {
    return sessionDir.resolve("ports");
  }

  public Path spillDir() {
    return sessionDir.resolve("spill");
  }

  public Path stdout(DaemonKind kind) {
    return logsDir().resolve(kind.logName() + ".out");
  }

  public Path stderr(DaemonKind kind) {
    return logsDir().resolve(kind.logName() + ".err");
  }

  public Path portFile(DaemonKind kind) {
    return portsDir().resolve(kind.logName() + ".port");
  }

  public Path nodeFile(String nodeIdHex) {
    return sessionDir.resolve("node_" + nodeIdHex + ".json");
  }

  public String sessionName() {
    return sessionDir.getFileName().toString();
  }
}
