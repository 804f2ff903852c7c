package io.jray.raylet;

import io.jray.runtime.files.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The drivers' class-data archive: made by a raylet beside its workers' ({@link WorkerClassArchive}, from the same
 * class list) for the classpath {@code jray classpath} prints, and named by {@code jray classpath --jvm-flags} once
 * it exists. A driver whose classpath begins with that one maps it; any other JVM ignores it.
 */
public final class DriverClassArchive {
  private DriverClassArchive() {}

  /** The archive's file for drivers of this classpath in the archive folder. */
  static Path file(Path dir, String driverClasspath) {
    return dir.resolve("driver-" + WorkerClassArchive.key(driverClasspath) + ".jsa");
  }

  /** The archive folder {@code worker_class_archive_dir} names (empty: {@code ~/.jray/cds}); null when off. */
  static Path folder(String setting) {
    if (setting.equalsIgnoreCase("off")) {
      return null;
    }
    return setting.isBlank() ? io.jray.runtime.files.JrayHome.dir().resolve("cds") : Path.of(setting);
  }

  /**
   * The JVM flags that map the drivers' archive of this classpath on this JDK when one was made (in a folder and a
   * file private to this user: it is code the JVM maps), else none.
   */
  public static List<String> flags(String setting, String driverClasspath) {
    Path dir = folder(setting);
    if (dir == null) {
      return List.of();
    }
    Path archive = file(dir, driverClasspath);
    if (archive.toString().matches(".*\\s.*") || driverClasspath.matches(".*\\s.*")) {
      // The flags go through the shell unquoted ($(jray classpath --jvm-flags)), and the JVM does not map the
      // classes of jars whose path holds a space anyway.
      return List.of();
    }
    try {
      if (!Files.isRegularFile(archive)) {
        return List.of();
      }
      PrivateFiles.checkDir(dir, "class archive folder", "set worker_class_archive_dir");
      PrivateFiles.checkFile(archive, "driver class archive", "remove it");
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
    return List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
  }
}
