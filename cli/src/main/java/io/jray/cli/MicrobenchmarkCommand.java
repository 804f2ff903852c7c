package io.jray.cli;

import io.grpc.ManagedChannel;
import io.jray.bench.BenchSettings;
import io.jray.bench.ForkedRunner;
import io.jray.bench.HostLoad;
import io.jray.bench.Microbenchmark;
import io.jray.bench.Report;
import io.jray.bench.Result;
import io.jray.bench.TimingOptions;
import io.jray.bench.Workload;
import io.jray.bench.Workloads;
import io.jray.node.LocalClusterLauncher;
import io.jray.node.NodeStartException;
import io.jray.runtime.cluster.ClusterAddress;
import io.jray.runtime.driver.LocalClusterStarter;
import io.jray.runtime.rpc.AuthToken;
import io.jray.runtime.rpc.HealthProbe;
import io.jray.runtime.rpc.HostPort;
import io.jray.runtime.rpc.RpcChannels;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code jray microbenchmark}: Ray's standard workloads ({@code ray microbenchmark}), each in a driver process
 * of its own, on a local cluster started for the run or on the cluster at {@code --address}. Prints one line
 * per workload as Ray does ({@code <name> per second <mean> +- <stddev>}) as each finishes, or JSON at the end;
 * what the run is doing, and the host's load, go to stderr.
 */
@Command(name = "microbenchmark", mixinStandardHelpOptions = true, versionProvider = JrayVersion.class,
    sortOptions = false,
    description = {"Measure tasks, actor calls and object puts/gets per second with Ray's microbenchmark "
        + "workloads: each warms up, then runs timed rounds, in a driver JVM of its own.",
        "Without --address it starts a local cluster for the run and stops it at the end."},
    footerHeading = "%nExamples:%n",
    footer = {"  jray microbenchmark",
              "  jray microbenchmark --filter=actor_calls --duration=4 --warmup=5",
              "  jray microbenchmark --address=127.0.0.1:6379 --format=json"})
final class MicrobenchmarkCommand implements Callable<Integer> {
  private static final long PROBE_TIMEOUT_MS = 5000;

  @Spec CommandSpec spec;

  @Option(names = "--address", paramLabel = "<host:port>",
      description = "Run on the cluster whose GCS is at this address (default: start a local cluster for the run).")
  String address;

  @Option(names = "--filter", paramLabel = "NAME",
      description = "Run only the workloads whose name contains NAME, e.g. tasks or 1_1_actor.")
  String filter;

  @Mixin TimingOptions timing;
  @Mixin FormatMixin format;
  @Mixin VerboseMixin verbose;

  @Override
  public Integer call() throws NodeStartException {
    BenchSettings settings = timing.settings(1.0);
    List<Workload> workloads = Workloads.matching(filter);
    if (workloads.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "No workload name contains '" + filter
          + "'; the workloads are " + String.join(", ", Workloads.names()) + ".");
    }
    HostPort given = address == null ? null : HostPort.parse(address);
    AuthToken token = given == null ? AuthToken.findOrCreate() : AuthToken.find();
    if (token == null) {
      throw new CliException("No cluster token was found; set JRAY_AUTH_TOKEN or copy the head's "
          + AuthToken.tokenFile() + " to this machine.");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LocalClusterStarter.LocalCluster local = null;
    ForkedRunner runner = null;
    Thread onInterrupt = null;
    Path logs = null;
    try {
      if (given == null) {
        err.println("Starting a local jray cluster for the benchmark...");
        err.flush();
        local = new LocalClusterLauncher().start(token, ProcessHandle.current().pid());
      } else {
        requireCluster(given, token);
      }
      String where = given == null ? local.gcsAddress().toString() : given.toString();
      logs = logDir();
      runner = new ForkedRunner(where, settings, logs);
      onInterrupt = stopOnInterrupt(runner, local);
      HostLoad before = HostLoad.now();
      err.println("Running " + workloads.size() + " workload(s) on " + (given == null ? "a local cluster at " : "")
          + where + ", each for " + seconds(settings.warmup()) + " s of warm-up and " + seconds(settings.duration())
          + " s timed; host: " + before + ".");
      err.flush();
      List<Result> results = new Microbenchmark(runner).run(workloads, r -> {
        if (!r.ok()) {
          err.println(Report.failureLine(r));
          err.flush();
        } else if (!format.json()) {
          out.println(Report.line(r));
          out.flush();
        }
      });
      HostLoad after = HostLoad.now();
      err.println("Done; host at the end: " + after + ".");
      err.flush();
      if (format.json()) {
        out.print(Report.json(results, settings, before, after));
        out.flush();
      }
      return results.stream().allMatch(Result::ok) ? ExitCodes.OK : ExitCodes.FAILED;
    } finally {
      if (onInterrupt != null) {
        Runtime.getRuntime().removeShutdownHook(onInterrupt);
      }
      if (local != null) {
        local.close();
      }
      deleteIfEmpty(logs);
    }
  }

  private static void deleteIfEmpty(Path dir) {
    try {
      if (dir != null) {
        Files.deleteIfExists(dir);
      }
    } catch (IOException e) {
      // not empty: it holds the logs of failed workloads, which the failures name
    }
  }

  private static void requireCluster(HostPort gcs, AuthToken token) {
    ManagedChannel channel = RpcChannels.open(gcs);
    try {
      HealthProbe.Result health = HealthProbe.check(channel, token, PROBE_TIMEOUT_MS);
      if (health == HealthProbe.Result.UNAUTHENTICATED) {
        throw new CliException(AuthToken.rejectedBy(gcs, "the"));
      }
      if (health != HealthProbe.Result.SERVING) {
        throw new CliException("No jray cluster is running at " + gcs + ". Start one with 'jray start --head', "
            + "or leave out --address to benchmark a local one.");
      }
    } finally {
      RpcChannels.close(channel);
    }
  }

  /** The drivers' results and logs, under the temp dir; a failed workload's log stays, named by its failure. */
  private static Path logDir() {
    try {
      Path root = ClusterAddress.ensureTempDir(ClusterAddress.defaultTempDir());
      return Files.createTempDirectory(root, "microbenchmark-");
    } catch (IOException e) {
      throw new UncheckedIOException("Could not create a folder for the benchmark's logs: " + e.getMessage(), e);
    }
  }

  /** On Ctrl-C or SIGTERM: stop the running driver, then the local cluster (its reaper would too, later). */
  private static Thread stopOnInterrupt(ForkedRunner runner, LocalClusterStarter.LocalCluster local) {
    Thread hook = new Thread(() -> {
      runner.close();
      if (local != null) {
        local.close();
      }
    }, "jray-microbenchmark-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    return hook;
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? String.valueOf(d.toSeconds()) : String.valueOf(d.toMillis() / 1000.0);
  }
}
