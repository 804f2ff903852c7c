package io.jray.cli;

import io.jray.proto.ActorInfo;
import io.jray.proto.GetClusterStatusReply;
import java.util.List;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jray status}: the cluster at a glance, in {@code ray status}'s layout. */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = JrayVersion.class,
    description = "Show the cluster's nodes (active, dead), resource usage and pending demands.",
    footerHeading = "%nExamples:%n",
    footer = {"  jray status", "  jray status --address=127.0.0.1:6379 -v", "  jray status --format=json"})
final class StatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-v", "--detail"}, description = "Add per-node detail and the actors.")
  boolean detail;

  @Mixin AddressMixin address;
  @Mixin FormatMixin format;
  @Mixin VerboseMixin verbose;

  @Override
  public Integer call() {
    GetClusterStatusReply status;
    List<ActorInfo> actors = List.of();
    try (ClusterConnection cluster = ClusterConnection.open(address)) {
      status = cluster.call(gcs -> gcs.getClusterStatus());
      if (detail || format.json()) {
        actors = cluster.call(gcs -> gcs.getAllActorInfo());
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    StatusReport report = new StatusReport(status, actors);
    out.print(format.json() ? report.json() : report.table(detail));
    out.flush();
    return ExitCodes.OK;
  }
}
