package io.jray.cli;

import io.grpc.StatusRuntimeException;
import io.jray.cli.launcher.ClusterSubmit;
import io.jray.proto.JobSubmission;
import io.jray.proto.SubmissionState;
import io.jray.proto.SubmitJobRequest;
import io.jray.runtime.packaging.ClasspathEntry;
import io.jray.runtime.packaging.PackageClient;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.LongConsumer;
import java.util.jar.JarFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code jray submit app.jar}: uploads the jar to the GCS's package store (content-addressed, streamed in chunks,
 * skipped when the cluster has it already), runs its main class as a driver on the head, and prints the driver's
 * output until the job ends; exits 0 when it succeeded, 1 otherwise.
 */
@Command(name = "submit", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Run a Java program (a jar) as a job on the cluster and follow its output.",
    footerHeading = "%nExamples:%n",
    footer = {"  jray submit app.jar", "  jray submit --main-class=com.example.Main --env K=V app.jar -- arg1 arg2",
              "  jray submit --no-wait --job-id=nightly app.jar",
              "  jray submit --cluster cluster.yaml app.jar      # a cluster started with 'jray up', over SSH"})
final class SubmitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--main-class", paramLabel = "<class>", description = "The driver's main class (default: the jar manifest's Main-Class).")
  String mainClass;

  @Option(names = "--job-id", paramLabel = "<id>", description = "The job's id (default: jraysubmit_<random>).")
  String jobId;

  @Option(names = "--no-wait", description = "Return once the job started instead of following its output.")
  boolean noWait;

  @Option(names = "--jvm-options", paramLabel = "<options>", description = "JVM options of the driver, e.g. \"-Xmx2g\".")
  String jvmOptions;

  @Option(names = "--env", paramLabel = "K=V", description = "An environment variable of the driver (repeatable).")
  Map<String, String> env = Map.of();

  @Parameters(index = "0", paramLabel = "app.jar", description = "The jar to run.")
  Path jar;

  @Parameters(index = "1..*", paramLabel = "ARGS", description = "Arguments of the main class (after --).")
  List<String> args = new ArrayList<>();

  @Option(names = "--cluster", paramLabel = "<cluster.yaml>",
      description = "Run the job on a cluster started with 'jray up': the jar is copied to its head over SSH and submitted there.")
  Path cluster;

  @Option(names = "--accept-new-host-keys", description = "With --cluster: trust the head's SSH key if known_hosts does not have it yet.")
  boolean acceptNewHostKeys;

  @Mixin AddressMixin address;
  @Mixin VerboseMixin verbose;

  @Override
  public Integer call() throws Exception {
    String main = checkJar();
    if (cluster != null) {
      if (address.address != null) {
        throw new ParameterException(spec.commandLine(), "--cluster and --address name two clusters; pass one of them.");
      }
      return ClusterSubmit.submit(cluster, acceptNewHostKeys, jar, remoteOptions(main), args, spec.commandLine().getOut());
    }
    PrintStream out = new PrintStream(System.out, true);
    try (ClusterConnection cluster = ClusterConnection.open(address)) {
      // Reach the cluster before reading a large jar: a dead head fails at once.
      cluster.call(gcs -> gcs.getClusterStatus());
      String sha = upload(cluster, out);
      SubmitJobRequest.Builder request = SubmitJobRequest.newBuilder()
          .setPackageSha256(sha).setPackageName(jar.getFileName().toString()).setMainClass(main)
          .addAllArgs(args).putAllEnv(env);
      if (jobId != null) {
        request.setSubmissionId(jobId);
      }
      if (jvmOptions != null && !jvmOptions.isBlank()) {
        request.addAllJvmOptions(List.of(jvmOptions.trim().split("\\s+")));
      }
      JobSubmission job = cluster.jobs(s -> s.submitJob(request.build())).getJob();
      String id = job.getSubmissionId();
      out.println("Job '" + id + "' submitted successfully.");
      if (noWait) {
        out.println("Follow it with 'jray job logs " + id + " --follow'; stop it with 'jray job stop " + id + "'.");
        return ExitCodes.OK;
      }
      out.println("-------------------------------------------------------");
      SubmissionState end = JobFollower.printUntilCtrlC(cluster, id, true, out);
      if (end == null) {
        out.println();
        out.println("Detached from job '" + id + "'; it keeps running. Follow it with 'jray job logs " + id
            + " --follow' or stop it with 'jray job stop " + id + "'.");
        return ExitCodes.OK;
      }
      JobSubmission done = cluster.jobs(s -> s.getJob(
          io.jray.proto.GetJobSubmissionRequest.newBuilder().setSubmissionId(id).build())).getJob();
      out.println("-------------------------------------------------------");
      out.println("Job '" + id + "' " + end.name().toLowerCase() + (done.getMessage().isEmpty() ? "." : ": " + done.getMessage()));
      return end == SubmissionState.SUCCEEDED ? ExitCodes.OK : ExitCodes.FAILED;
    }
  }

  /** This command's options for the {@code jray submit} that --cluster runs on the head. */
  private List<String> remoteOptions(String main) {
    List<String> options = new ArrayList<>(List.of("--main-class=" + main));
    if (jobId != null) {
      options.add("--job-id=" + jobId);
    }
    if (noWait) {
      options.add("--no-wait");
    }
    if (jvmOptions != null) {
      options.add("--jvm-options=" + jvmOptions);
    }
    env.forEach((k, v) -> options.add("--env=" + k + "=" + v));
    return options;
  }

  /** The jar exists, is a jar, and names a main class (or one was given): usage errors otherwise. */
  private String checkJar() {
    if (!Files.isRegularFile(jar)) {
      throw new ParameterException(spec.commandLine(), "The jar " + jar + " does not exist.");
    }
    try (JarFile file = new JarFile(jar.toFile())) {
      if (mainClass != null) {
        return mainClass;
      }
      String declared = file.getManifest() == null ? null : file.getManifest().getMainAttributes().getValue("Main-Class");
      if (declared == null || declared.isBlank()) {
        throw new ParameterException(spec.commandLine(),
            jar + " names no Main-Class in its manifest; pass --main-class.");
      }
      return declared.trim();
    } catch (IOException e) {
      throw new ParameterException(spec.commandLine(), jar + " is not a jar file (" + e.getMessage() + ").");
    }
  }

  /** Uploads the jar unless the cluster has it already (same SHA-256) and returns its SHA-256. */
  private String upload(ClusterConnection cluster, PrintStream out) {
    String name = jar.getFileName().toString();
    try {
      String sha = ClasspathEntry.sha256(jar);
      PackageClient packages = cluster.packages();
      if (packages.find(List.of(sha)).stored().contains(sha)) {
        out.println(name + " is on the cluster already (sha256 " + sha + ").");
        return sha;
      }
      long size = Files.size(jar);
      PrintWriter writer = new PrintWriter(out, true);
      try (Progress progress = Progress.start(writer, "Uploading " + name)) {
        packages.upload(sha, name, to -> Files.copy(jar, to), new UploadProgress(progress, name, size));
        progress.done("Uploaded " + name + " (" + ByteSize.format(size) + ") in " + progress.elapsed() + ".");
      }
      return sha;
    } catch (StatusRuntimeException e) {
      throw cluster.translate(e);
    } catch (IOException e) {
      throw new CliException("The upload of " + jar + " failed (" + e.getMessage() + ").");
    }
  }

  /** Bytes sent so far: the live line's percentage on a terminal, otherwise a plain line at each quarter. */
  private static final class UploadProgress implements LongConsumer {
    private final Progress progress;
    private final String name;
    private final long size;
    private long quarterShown = -1;

    UploadProgress(Progress progress, String name, long size) {
      this.progress = progress;
      this.name = name;
      this.size = size;
    }

    @Override
    public void accept(long sent) {
      long percent = size == 0 ? 100 : sent * 100 / size;
      String amount = percent + "% (" + ByteSize.format(sent) + " of " + ByteSize.format(size) + ")";
      if (progress.isLive()) {
        progress.detail(amount);
      } else if (percent / 25 != quarterShown) {
        quarterShown = percent / 25;
        progress.step("Uploading " + name + ": " + amount);
      }
    }
  }
}
