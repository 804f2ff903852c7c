package io.jray.bench.peers;

import io.jray.bench.BenchSettings;
import io.jray.bench.HostLoad;
import io.jray.bench.Report;
import io.jray.bench.Result;
import io.jray.bench.Runner;
import io.jray.bench.TimingOptions;
import io.jray.bench.Workload;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bench/peers/run-all.sh}: measures this machine's limits and the Hazelcast peer the way
 * {@code jray microbenchmark} measures jray (same warm-up, rounds and timing loop: the bench module's
 * {@link Runner}), each measure in a JVM of its own, and prints Ray's line for each as it finishes; what it is
 * doing, and the host's load, go to stderr.
 */
@Command(name = "run-all.sh", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Measure this machine's limits (memory copy, /dev/shm, loopback TCP, gRPC, JVM start) and a JVM "
        + "peer (Hazelcast) as 'jray microbenchmark' measures jray: each warms up, then runs timed rounds, in a JVM "
        + "of its own, and prints '<name> per second <mean> +- <stddev>'."},
    footerHeading = "%nExamples:%n",
    footer = {"  bench/peers/run-all.sh",
              "  bench/peers/run-all.sh --warmup=5 --duration=4 limit_grpc_unary_sync hazelcast_tasks_sync",
              "  bench/peers/run-all.sh --filter=hazelcast"})
public final class PeersMain implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "NAME", arity = "0..*", description = "Run only these measures (default: all).")
  List<String> names = new ArrayList<>();

  @Option(names = "--filter", paramLabel = "TEXT", description = "Run only the measures whose name contains TEXT.")
  String filter;

  @Mixin TimingOptions timing;

  @Option(names = "--scale", paramLabel = "X", defaultValue = "1",
      description = "Sizes and batches times X (default: 1, jray's sizes); smaller only to check that all runs.")
  double scale;

  @Option(names = "--list", description = "Print the names of the measures that would run, and run none.")
  boolean list;

  /** Set on the JVM of one measure ({@link MeasureJvm}), and by tests: run the measures here, one after another. */
  @Option(names = "--in-this-jvm", hidden = true)
  boolean inThisJvm;

  public static void main(String[] args) {
    System.exit(new CommandLine(new PeersMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    List<Workload> measures = selected();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (list) {
      measures.forEach(m -> out.println(m.name()));
      out.flush();
      return 0;
    }
    BenchSettings settings = settings();
    if (!inThisJvm) {
      err.println("Measuring " + measures.size() + " limit/peer figure(s), each in a JVM of its own, for "
          + settings.warmup().toMillis() / 1000.0 + " s of warm-up and " + settings.duration().toMillis() / 1000.0
          + " s timed; host: " + HostLoad.now() + ".");
      err.flush();
    }
    boolean ok = true;
    for (Workload measure : measures) {
      ok &= inThisJvm ? runHere(measure, settings, out, err) : new MeasureJvm(settings, out, err).run(measure);
    }
    if (!inThisJvm) {
      err.println("Done; host at the end: " + HostLoad.now() + ".");
      err.flush();
    }
    return ok ? 0 : 1;
  }

  private static boolean runHere(Workload measure, BenchSettings settings, PrintWriter out, PrintWriter err) {
    Result result = new Runner(settings).run(measure);
    PrintWriter to = result.ok() ? out : err;
    to.println(result.ok() ? Report.line(result) : Report.failureLine(result));
    to.flush();
    return result.ok();
  }

  private List<Workload> selected() {
    List<Workload> from = new ArrayList<>();
    for (String name : names) {
      from.add(Measures.named(name).orElseThrow(() -> new ParameterException(spec.commandLine(),
          "No measure is called '" + name + "'; the measures are " + String.join(", ", Measures.names()) + ".")));
    }
    List<Workload> measures = Measures.matching(from.isEmpty() ? Measures.all() : from, filter);
    if (measures.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "No measure name contains '" + filter
          + "'; the measures are " + String.join(", ", Measures.names()) + ".");
    }
    return measures;
  }

  private BenchSettings settings() {
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new ParameterException(spec.commandLine(), "--scale must be a positive number, not " + scale + ".");
    }
    return timing.settings(scale);
  }
}
