package io.jray.bench;

import com.google.gson.Gson;
import io.jray.api.Ray;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The driver process of one workload, started by {@link ForkedRunner}: connects to the cluster, runs the
 * workload with {@link Runner}, writes its result as JSON to the result file and exits.
 * {@code java -cp <jray> io.jray.bench.BenchDriver --address=host:port --workload=<name> --warmup-ms=..
 * --duration-ms=.. --rounds=.. --scale=.. --result-file=<path>}. It ends with the process that started it.
 */
public final class BenchDriver {
  private BenchDriver() {}

  public static void main(String[] argv) throws IOException {
    Map<String, String> args = new HashMap<>();
    for (String a : argv) {
      int eq = a.indexOf('=');
      if (!a.startsWith("--") || eq < 0) {
        throw new IllegalArgumentException("expected --key=value, got " + a);
      }
      args.put(a.substring(2, eq), a.substring(eq + 1));
    }
    // Orphaned (its parent killed), the driver stops: its shutdown hook disconnects from the cluster.
    ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(1)));
    Workload workload = Workloads.named(args.get("workload"))
        .orElseThrow(() -> new IllegalArgumentException("no workload is called " + args.get("workload")));
    BenchSettings settings = new BenchSettings(Duration.ofMillis(Long.parseLong(args.get("warmup-ms"))),
        Duration.ofMillis(Long.parseLong(args.get("duration-ms"))), Integer.parseInt(args.get("rounds")),
        Double.parseDouble(Optional.ofNullable(args.get("scale")).orElse("1")));
    Result result;
    Ray.init(args.get("address"));
    try {
      result = new Runner(settings).run(workload);
    } finally {
      Ray.shutdown();
    }
    Path resultFile = Path.of(args.get("result-file"));
    Path written = resultFile.resolveSibling(resultFile.getFileName() + ".tmp");
    Files.writeString(written, new Gson().toJson(result), StandardCharsets.UTF_8);
    Files.move(written, resultFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    System.exit(0);
  }
}
