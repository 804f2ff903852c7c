package io.jray.cli.launcher;

import io.jray.cli.ExitCodes;
import io.jray.cli.JrayVersion;
import io.jray.cli.VerboseMixin;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jray rsync-down cluster.yaml SRC DST}: copies a file or folder of the head (or a host) here. */
@Command(name = "rsync-down", mixinStandardHelpOptions = true, versionProvider = JrayVersion.class, sortOptions = false,
    description = {"Copy a file or folder of the cluster's head (or --node-ip) to this machine over SFTP.",
        "A folder's contents go into DST; files whose size and modification time match are skipped, as rsync does. "
        + "A relative SRC is under the SSH user's home."},
    footerHeading = "%nExamples:%n",
    footer = {"  jray rsync-down cluster.yaml ~/results ./results",
              "  jray rsync-down cluster.yaml /tmp/jray/session_latest/logs ./logs --node-ip=10.0.0.6"})
public final class RsyncDownCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ClusterFileMixin cluster;

  @Parameters(index = "1", paramLabel = "SRC", description = "The file or folder on the host.")
  String source;

  @Parameters(index = "2", paramLabel = "DST", description = "Where it goes here.")
  Path destination;

  @Mixin NodeIpMixin node;

  @Mixin VerboseMixin verbose;

  @Override
  public Integer call() {
    String host = cluster.host(node.nodeIp);
    try (SshSession ssh = cluster.connect(host)) {
      FileSync.Counts counts = FileSync.download(ssh, source, destination);
      spec.commandLine().getOut().println(destination + ": " + counts + ".");
      spec.commandLine().getOut().flush();
    }
    return ExitCodes.OK;
  }
}
