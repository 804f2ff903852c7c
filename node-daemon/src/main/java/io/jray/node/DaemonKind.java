package io.jray.node;

/** The daemons of a node, in the order {@code jray stop} ends them (reaper first, so it does not race the stop). */
public enum DaemonKind {
  REAPER("reaper", "io.jray.reaper.ReaperMain"),
  RAYLET("raylet", "io.jray.raylet.RayletMain"),
  OBJECT_STORE("object_store", "io.jray.objectstore.ObjectStoreMain"),
  GCS("gcs", "io.jray.gcs.GcsMain");

  private final String logName;
  private final String mainClass;

  DaemonKind(String logName, String mainClass) {
    this.logName = logName;
    this.mainClass = mainClass;
  }

  /** The name of its log files and port file, as Ray names them (gcs.out, raylet.err, ...). */
  public String logName() {
    return logName;
  }

  public String mainClass() {
    return mainClass;
  }

  public String displayName() {
    return switch (this) {
      case GCS -> "GCS";
      case OBJECT_STORE -> "object store";
      default -> logName;
    };
  }
}
