package io.jray.cli.launcher;

import io.jray.cli.ExitCodes;
import io.jray.cli.JrayVersion;
import io.jray.cli.VerboseMixin;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jray rsync-up cluster.yaml SRC DST}: copies a local file or folder to the head (or every host). */
@Command(name = "rsync-up", mixinStandardHelpOptions = true, versionProvider = JrayVersion.class, sortOptions = false,
    description = {"Copy a local file or folder to the cluster's head (or --node-ip, or --all-nodes) over SFTP.",
        "A folder's contents go into DST; files whose size and modification time match are skipped, as rsync does. "
        + "A relative DST is under the SSH user's home."},
    footerHeading = "%nExamples:%n",
    footer = {"  jray rsync-up cluster.yaml ./data ~/data", "  jray rsync-up cluster.yaml app.conf ~/app.conf --all-nodes"})
public final class RsyncUpCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ClusterFileMixin cluster;

  @Parameters(index = "1", paramLabel = "SRC", description = "The local file or folder.")
  Path source;

  @Parameters(index = "2", paramLabel = "DST", description = "Where it goes on the host.")
  String destination;

  @Mixin NodeIpMixin node;

  @Option(names = {"-A", "--all-nodes"}, description = "Copy to the head and every worker host.")
  boolean allNodes;

  @Mixin VerboseMixin verbose;

  @Override
  public Integer call() {
    if (allNodes && node.nodeIp != null) {
      throw new ParameterException(spec.commandLine(), "--all-nodes and --node-ip contradict each other; pass one of them.");
    }
    List<String> hosts = new ArrayList<>();
    if (allNodes) {
      hosts.add(cluster.host(null));
      ClusterConfig config = cluster.config();
      hosts.addAll(ClusterPlan.of(config, ClusterState.load(config)).workers().keySet());
    } else {
      hosts.add(cluster.host(node.nodeIp));
    }
    PrintWriter out = spec.commandLine().getOut();
    for (String host : hosts) {
      try (SshSession ssh = cluster.connect(host)) {
        FileSync.Counts counts = FileSync.upload(ssh, source, destination);
        out.println(host + ":" + destination + ": " + counts + ".");
        out.flush();
      }
    }
    return ExitCodes.OK;
  }
}
