package io.jray.cli.launcher;

import io.jray.cli.ExitCodes;
import io.jray.cli.JrayVersion;
import io.jray.cli.VerboseMixin;
import java.io.ByteArrayInputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code jray exec cluster.yaml 'cmd'}: runs a shell command on the head (or one host) and exits with its status. */
@Command(name = "exec", mixinStandardHelpOptions = true, versionProvider = JrayVersion.class, sortOptions = false,
    description = {"Run a shell command on the cluster's head (or on --node-ip) over SSH, print its output, and exit "
        + "with its exit status.",
        "JRAY_ADDRESS is set to the head's GCS address, so jray commands there find the cluster."},
    footerHeading = "%nExamples:%n",
    footer = {"  jray exec cluster.yaml 'jray status'", "  jray exec cluster.yaml 'df -h /tmp' --node-ip=10.0.0.6"})
public final class ExecCommand implements Callable<Integer> {
  @Mixin ClusterFileMixin cluster;

  @Parameters(index = "1", paramLabel = "CMD", description = "The command, run by the SSH user's shell there.")
  String command;

  @Mixin NodeIpMixin node;

  @Mixin VerboseMixin verbose;

  @Override
  public Integer call() {
    String host = cluster.host(node.nodeIp);
    Map<String, String> env = new LinkedHashMap<>(RemoteCommands.clusterEnvironment());
    String address = cluster.headAddress();
    if (address != null) {
      env.put("JRAY_ADDRESS", address);
    }
    try (SshSession ssh = cluster.connect(host)) {
      int status = ssh.exec(RemoteCommands.exports(env) + command, new ByteArrayInputStream(new byte[0]), System.out,
          System.err);
      System.out.flush();
      return exitCode(status);
    }
  }

  /** The remote exit status as ours; none (the command was killed) is a failure. */
  static int exitCode(int remoteStatus) {
    return remoteStatus >= 0 && remoteStatus <= 255 ? remoteStatus : ExitCodes.FAILED;
  }
}
