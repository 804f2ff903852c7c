package io.jray.bench;

import io.jray.runtime.process.JvmFlags;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Start-up latencies over fresh driver JVMs (a benchmark, not a test): each run is a new {@code java} process with
 * this JVM's classpath, timing inside the driver from the call ({@link LocalModeInitProbe}). Prints, per row, the
 * median and the spread (min..max) in milliseconds, as {@code <row> median <ms> ms (min..max) over <n> JVMs}.
 * Without an address it times local mode ({@link LocalModeInitProbe}); with the address of a running cluster, a
 * driver connecting to it ({@link ClusterDriverProbe}).
 *
 * With a command after the address, each run is that command instead (Ray's side: {@code bench/ray/startup_probe.py},
 * which prints the same rows); {@code bench/startup-compare.sh} runs both against heads of their own.
 *
 * <pre>java -cp "$(jray classpath):bench.jar" io.jray.bench.StartupBench [runs] [address [command...]]</pre>
 */
public final class StartupBench {
  private StartupBench() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    List<String> probeArgs = args.length > 1 ? List.of(args[1]) : List.of();
    Class<?> probe = probeArgs.isEmpty() ? LocalModeInitProbe.class : ClusterDriverProbe.class;
    List<String> command = new ArrayList<>();
    if (args.length > 2) {
      // Another program's probe with the same rows (bench/ray/startup_probe.py for Ray), run as given.
      command.addAll(List.of(args).subList(2, args.length));
    } else {
      command.addAll(JvmFlags.javaCommand());
      command.addAll(List.of("-Xshare:auto", "-cp", System.getProperty("java.class.path"), probe.getName()));
      command.addAll(probeArgs);
    }
    Map<String, List<Double>> rows = new LinkedHashMap<>();
    for (int i = 0; i < runs; i++) {
      probe(command).forEach((row, ms) -> rows.computeIfAbsent(row, r -> new ArrayList<>()).add(ms));
    }
    rows.forEach((row, values) -> {
      List<Double> sorted = values.stream().sorted().toList();
      double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
          : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
      System.out.printf("%s median %.1f ms (%.1f..%.1f) over %d JVMs%n", row, median, sorted.get(0),
          sorted.get(sorted.size() - 1), sorted.size());
    });
  }

  /** Runs the probe in a process of its own and reads its {@code <row> <ms>} lines. */
  private static Map<String, Double> probe(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    Map<String, Double> rows = new LinkedHashMap<>();
    List<String> output = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        output.add(line);
        String[] parts = line.trim().split(" ");
        if (parts.length == 2 && parts[0].matches("[a-z0-9_]+") && parts[1].matches("[0-9.]+")) {
          rows.put(parts[0], Double.parseDouble(parts[1]));
        }
      }
    }
    if (!process.waitFor(180, TimeUnit.SECONDS) || process.exitValue() != 0 || rows.isEmpty()) {
      process.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + String.join("\n", output));
    }
    return rows;
  }
}
