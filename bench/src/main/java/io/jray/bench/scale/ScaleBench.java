package io.jray.bench.scale;

import io.jray.runtime.rpc.HostPort;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One part of the scalability envelope (issue 23) against a running head, run by {@code bench/scale.sh}:
 * {@code java -cp <jray classpath>:<bench jar> io.jray.bench.scale.ScaleBench nodes|tasks|objects|actors
 * --address=host:port [--key=value ...]}. Each figure is printed as one line {@code name value}; notes start with
 * {@code #}. The parts run in JVMs of their own so that one part's heap does not count in another's.
 */
public final class ScaleBench {
  private ScaleBench() {}

  /** What a run measures and against what. */
  record Settings(HostPort gcs, long gcsPid, String jray, List<Integer> nodeSizes, int detectAt, int placedActors,
      int placedGroups, int pendingTasks, int ownedObjects, int idleActors, int histogram) {

    static Settings parse(Map<String, String> args) {
      return new Settings(HostPort.parse(required(args, "address")),
          Long.parseLong(args.getOrDefault("gcs-pid", "0")),
          args.get("jray"),
          Arrays.stream(args.getOrDefault("sizes", "10,100,1000,4000").split(",")).map(Integer::parseInt).toList(),
          Integer.parseInt(args.getOrDefault("detect-at", "1000")),
          Integer.parseInt(args.getOrDefault("placed-actors", "1000")),
          Integer.parseInt(args.getOrDefault("placed-groups", "1000")),
          Integer.parseInt(args.getOrDefault("pending-tasks", "1000000")),
          Integer.parseInt(args.getOrDefault("owned-objects", "1000000")),
          Integer.parseInt(args.getOrDefault("idle-actors", "200")),
          Integer.parseInt(args.getOrDefault("histogram", "0")));
    }

    private static String required(Map<String, String> args, String key) {
      String value = args.get(key);
      if (value == null) {
        throw new IllegalArgumentException("--" + key + " is required");
      }
      return value;
    }

    /** The wall time of one {@code jray <args> --address=<gcs>} command, in milliseconds. */
    double timeCommand(String... args) throws IOException, InterruptedException {
      if (jray == null) {
        return Double.NaN;
      }
      List<String> command = new ArrayList<>(List.of(jray));
      command.addAll(List.of(args));
      command.add("--address=" + gcs);
      long start = System.nanoTime();
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not end within 120 s");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue());
      }
      return (System.nanoTime() - start) / 1e6;
    }
  }

  /** Where the figures go: stdout, one {@code name value} line each, as they are measured. */
  static final class Output {
    void figure(String name, double value) {
      System.out.println(name + " " + (value == Math.rint(value) && Math.abs(value) < 1e15
          ? Long.toString((long) value) : String.format(Locale.ROOT, "%.2f", value)));
      System.out.flush();
    }

    void note(String text) {
      System.out.println("# " + text);
      System.out.flush();
    }
  }

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  public static void main(String[] argv) throws Exception {
    if (argv.length == 0) {
      throw new IllegalArgumentException("usage: ScaleBench nodes|tasks|objects|actors --address=host:port ...");
    }
    Map<String, String> args = new HashMap<>();
    for (String a : Arrays.copyOfRange(argv, 1, argv.length)) {
      int eq = a.indexOf('=');
      if (!a.startsWith("--") || eq < 0) {
        throw new IllegalArgumentException("expected --key=value, got " + a);
      }
      args.put(a.substring(2, eq), a.substring(eq + 1));
    }
    // Orphaned (the script killed), the part stops too.
    ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(1)));
    Settings settings = Settings.parse(args);
    Output out = new Output();
    switch (argv[0]) {
      case "nodes" -> new NodeEnvelope(settings, out).run();
      case "tasks" -> new OwnerEnvelope(settings, out).pendingTasks();
      case "objects" -> new OwnerEnvelope(settings, out).ownedObjects();
      case "actors" -> new ActorEnvelope(settings, out).run();
      default -> throw new IllegalArgumentException("no part is called " + argv[0]);
    }
    System.exit(0);
  }
}
