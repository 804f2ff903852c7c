package io.jray.cli.launcher;

import io.jray.cli.ExitCodes;
import io.jray.cli.JrayVersion;
import io.jray.cli.VerboseMixin;
import io.jray.runtime.rpc.AuthToken;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jray up cluster.yaml}: brings the cluster's hosts to what the file says (idempotent). */
@Command(name = "up", mixinStandardHelpOptions = true, versionProvider = JrayVersion.class, sortOptions = false,
    description = {"Start a cluster of many machines over SSH, or bring a running one to what its file says: the head "
        + "first, then every worker pool in parallel.",
        "Running it again after editing the file starts the hosts of new pools and stops those of removed pools; "
        + "hosts whose configuration did not change are left alone. What runs where is recorded in "
        + "~/.jray/clusters/<cluster_name>.json ($JRAY_CLUSTERS_DIR)."},
    footerHeading = "%nExamples:%n",
    footer = {"  jray up cluster-configs/two-hosts.yaml",
              "  jray up cluster.yaml -y --accept-new-host-keys",
              "  jray up cluster.yaml --no-restart   # only start and stop hosts, restart none"})
public final class UpCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ClusterFileMixin cluster;

  @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
  boolean yes;

  @Option(names = "--no-restart",
      description = "Leave running nodes alone even when their configuration changed; only start missing hosts and stop removed ones.")
  boolean noRestart;

  @Mixin VerboseMixin verbose;

  @Override
  public Integer call() {
    ClusterConfig config = cluster.config();
    PrintWriter out = spec.commandLine().getOut();
    ClusterState state = ClusterState.load(config);
    ClusterPlan plan = ClusterPlan.of(config, state);
    out.println("Cluster '" + config.clusterName() + "': head " + plan.head() + describePools(config, plan) + ".");
    List<String> removed = new ArrayList<>();
    state.workers().forEach((host, w) -> {
      if (!plan.workers().containsKey(host)) {
        removed.add(host + " (pool " + w.pool() + ")");
      }
    });
    if (!removed.isEmpty()) {
      out.println("No longer in the file, to be stopped: " + String.join(", ", removed) + ".");
    }
    out.flush();
    Confirmation.require(yes, out, state.isEmpty() ? "Start this cluster?" : "Bring the running cluster to this configuration?");
    AuthToken token = AuthToken.findOrCreate();
    ClusterLauncher.Outcome outcome = new ClusterLauncher(config, cluster.acceptNewHostKeys, new Progress(out))
        .up(noRestart, token);
    printNextSteps(out, config, outcome);
    return ExitCodes.OK;
  }

  private static String describePools(ClusterConfig config, ClusterPlan plan) {
    StringBuilder s = new StringBuilder();
    for (String pool : config.workerPools().keySet()) {
      List<String> hosts = plan.hostsOf(pool);
      s.append("; pool ").append(pool).append(": ").append(hosts.isEmpty() ? "no hosts" : String.join(", ", hosts));
    }
    return s.toString();
  }

  private void printNextSteps(PrintWriter out, ClusterConfig config, ClusterLauncher.Outcome outcome) {
    String file = cluster.typed();
    out.println();
    out.println("Cluster '" + config.clusterName() + "' is up: GCS at " + outcome.headAddress() + "; "
        + outcome.started() + " host" + (outcome.started() == 1 ? "" : "s") + " started, " + outcome.stopped()
        + " stopped, " + outcome.unchanged() + " left alone.");
    out.println();
    out.println("Next steps");
    for (Map.Entry<String, String> step : List.of(
        Map.entry("To see the cluster's status, run", "jray exec " + file + " 'jray status'"),
        Map.entry("To run a job on it, run", "jray submit --cluster " + file + " app.jar"),
        Map.entry("To open a shell on the head, run", "jray attach " + file),
        Map.entry("To stop every node of the cluster, run", "jray down " + file))) {
      out.println("  " + step.getKey());
      out.println("    " + step.getValue());
    }
    out.flush();
  }
}
