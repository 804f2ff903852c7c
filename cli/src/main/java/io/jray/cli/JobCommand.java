package io.jray.cli;

import io.jray.proto.GetJobSubmissionRequest;
import io.jray.proto.JobSubmission;
import io.jray.proto.ListJobSubmissionsRequest;
import io.jray.proto.StopJobRequest;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jray job list|status|logs|stop}: the jobs submitted to the cluster, as {@code ray job}. */
@Command(name = "job", mixinStandardHelpOptions = true,
    description = "List, inspect, follow and stop submitted jobs.",
    subcommands = {JobCommand.List.class, JobCommand.StatusOf.class, JobCommand.Logs.class, JobCommand.Stop.class},
    footerHeading = "%nExamples:%n",
    footer = {"  jray job list", "  jray job logs jraysubmit_1a2b3c4d5e6f7a8b --follow"})
final class JobCommand {

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List every job submitted to the cluster.",
      footerHeading = "%nExamples:%n", footer = {"  jray job list --format=json"})
  static final class List implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin AddressMixin address;
    @Mixin FormatMixin format;
    @Mixin VerboseMixin verbose;

    @Override
    public Integer call() {
      java.util.List<JobSubmission> jobs;
      try (ClusterConnection cluster = ClusterConnection.open(address)) {
        jobs = cluster.jobs(s -> s.listJobs(ListJobSubmissionsRequest.getDefaultInstance())).getJobsList();
      }
      PrintWriter out = spec.commandLine().getOut();
      out.print(format.json() ? JobReport.json(jobs) : JobReport.table(jobs));
      out.flush();
      return ExitCodes.OK;
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true, description = "Show one job's state, times and entrypoint.",
      footerHeading = "%nExamples:%n", footer = {"  jray job status jraysubmit_1a2b3c4d5e6f7a8b"})
  static final class StatusOf implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(paramLabel = LiveValues.JOB, description = "The job's id.") String id;
    @Mixin AddressMixin address;
    @Mixin FormatMixin format;
    @Mixin VerboseMixin verbose;

    @Override
    public Integer call() {
      JobSubmission job;
      try (ClusterConnection cluster = ClusterConnection.open(address)) {
        job = cluster.jobs(s -> s.getJob(GetJobSubmissionRequest.newBuilder().setSubmissionId(id).build())).getJob();
      }
      PrintWriter out = spec.commandLine().getOut();
      out.print(format.json() ? JobReport.json(job) : JobReport.status(job));
      out.flush();
      return ExitCodes.OK;
    }
  }

  @Command(name = "logs", mixinStandardHelpOptions = true, description = "Print a job's driver output.",
      footerHeading = "%nExamples:%n", footer = {"  jray job logs jraysubmit_1a2b3c4d5e6f7a8b --follow"})
  static final class Logs implements Callable<Integer> {
    @Parameters(paramLabel = LiveValues.JOB, description = "The job's id.") String id;
    @Option(names = {"-f", "--follow"}, description = "Keep printing until the job ends.") boolean follow;
    @Mixin AddressMixin address;
    @Mixin VerboseMixin verbose;

    @Override
    public Integer call() {
      try (ClusterConnection cluster = ClusterConnection.open(address)) {
        JobFollower.printUntilCtrlC(cluster, id, follow, new PrintStream(System.out, true));
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop a running job (its workers and actors end with it).",
      footerHeading = "%nExamples:%n", footer = {"  jray job stop jraysubmit_1a2b3c4d5e6f7a8b"})
  static final class Stop implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(paramLabel = LiveValues.JOB, description = "The job's id.") String id;
    @Mixin AddressMixin address;
    @Mixin VerboseMixin verbose;

    @Override
    public Integer call() {
      boolean stopped;
      try (ClusterConnection cluster = ClusterConnection.open(address)) {
        stopped = cluster.jobs(s -> s.stopJob(StopJobRequest.newBuilder().setSubmissionId(id).build())).getStopped();
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println(stopped ? "Job '" + id + "' was asked to stop." : "Job '" + id + "' is not running; nothing to stop.");
      out.flush();
      return ExitCodes.OK;
    }
  }


}
