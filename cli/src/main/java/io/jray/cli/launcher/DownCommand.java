package io.jray.cli.launcher;

import io.jray.cli.ExitCodes;
import io.jray.cli.JrayVersion;
import io.jray.cli.VerboseMixin;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jray down cluster.yaml}: stops jray on every host of the cluster. */
@Command(name = "down", mixinStandardHelpOptions = true, versionProvider = JrayVersion.class, sortOptions = false,
    description = "Stop jray on every host of a cluster started with 'jray up': the workers in parallel, then the head.",
    footerHeading = "%nExamples:%n",
    footer = {"  jray down cluster-configs/two-hosts.yaml", "  jray down cluster.yaml -y --workers-only"})
public final class DownCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ClusterFileMixin cluster;

  @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
  boolean yes;

  @Option(names = "--workers-only", description = "Stop the workers and keep the head running.")
  boolean workersOnly;

  @Mixin VerboseMixin verbose;

  @Override
  public Integer call() {
    ClusterConfig config = cluster.config();
    PrintWriter out = spec.commandLine().getOut();
    Confirmation.require(yes, out, "Stop jray on " + (workersOnly ? "the workers" : "every host") + " of cluster '"
        + config.clusterName() + "'?");
    ClusterLauncher.Outcome outcome = new ClusterLauncher(config, cluster.acceptNewHostKeys, new Progress(out))
        .down(workersOnly);
    out.println("Stopped jray on " + outcome.stopped() + " host" + (outcome.stopped() == 1 ? "" : "s")
        + " of cluster '" + config.clusterName() + "'" + (workersOnly ? "; the head keeps running." : "."));
    out.flush();
    return ExitCodes.OK;
  }
}
