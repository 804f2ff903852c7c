package io.jray.cli;

import io.jray.runtime.cluster.ClusterAddress;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --temp-dir}: where a node keeps its session files (default /tmp/jray-<user>, or JRAY_TMPDIR). It must be
 * the user's own and writable by nobody else; the commands that read it refuse it otherwise.
 */
public final class TempDirMixin {
  @Option(names = "--temp-dir", paramLabel = "<dir>",
      description = "Folder of the node's session files and the address file, yours and writable only by you "
          + "(default: $JRAY_TMPDIR or /tmp/jray-<user>).")
  Path tempDir;

  public Path get() {
    return (tempDir != null ? tempDir : ClusterAddress.defaultTempDir()).toAbsolutePath().normalize();
  }
}
