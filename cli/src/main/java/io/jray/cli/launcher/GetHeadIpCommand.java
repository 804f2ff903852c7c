package io.jray.cli.launcher;

import io.jray.cli.ExitCodes;
import io.jray.cli.JrayVersion;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jray get-head-ip cluster.yaml}: the head's address, for scripts. */
@Command(name = "get-head-ip", mixinStandardHelpOptions = true, versionProvider = JrayVersion.class,
    description = "Print the address of the cluster's head (provider.head_ip).",
    footerHeading = "%nExamples:%n",
    footer = {"  jray get-head-ip cluster.yaml", "  ssh ubuntu@$(jray get-head-ip cluster.yaml)"})
public final class GetHeadIpCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "CLUSTER.YAML", description = "The cluster file.")
  Path file;

  @Override
  public Integer call() {
    spec.commandLine().getOut().println(ClusterConfigLoader.load(file).provider().headIp());
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }
}
