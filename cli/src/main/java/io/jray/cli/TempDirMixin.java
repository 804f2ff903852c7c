package io.jray.cli;

import io.jray.runtime.cluster.ClusterAddress;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --temp-dir}: where a node keeps its session files (default /tmp/jray, or JRAY_TMPDIR). */
public final class TempDirMixin {
  @Option(names = "--temp-dir", paramLabel = "<dir>",
      description = "Folder of the node's session files and the address file (default: $JRAY_TMPDIR or /tmp/jray).")
  Path tempDir;

  public Path get() {
    return (tempDir != null ? tempDir : ClusterAddress.defaultTempDir()).toAbsolutePath().normalize();
  }
}
