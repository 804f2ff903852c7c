package io.jray.bench;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * Formats results: one line per workload exactly as {@code ray microbenchmark} prints it
 * ({@code print(name, "per second", round(mean, 2), "+-", round(sd, 2))}), and a JSON document for tools.
 */
public final class Report {
  private Report() {}

  /** {@code <name> per second <mean> +- <stddev>}, the numbers as Python prints {@code round(x, 2)}. */
  public static String line(Result result) {
    return result.name() + " per second " + pythonRound2(result.mean()) + " +- " + pythonRound2(result.stddev());
  }

  /** The line of a workload that failed; it goes to stderr, so the result lines stay parseable. */
  public static String failureLine(Result result) {
    return result.name() + " failed: " + result.error();
  }

  /**
   * Python's {@code str(round(x, 2))}: the binary value rounded half-even to two decimals, trailing zeros
   * dropped but at least one decimal kept ({@code 1200.0}, {@code 1234.5}, {@code 0.07}).
   */
  static String pythonRound2(double x) {
    if (Double.isNaN(x) || Double.isInfinite(x)) {
      return Double.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
    }
    BigDecimal rounded = new BigDecimal(x).setScale(2, RoundingMode.HALF_EVEN).stripTrailingZeros();
    if (rounded.scale() < 1) {
      rounded = rounded.setScale(1);
    }
    return rounded.toPlainString();
  }

  /** Every result with its rounds, the settings and the host's state: what a later comparison needs. */
  public static String json(List<Result> results, BenchSettings settings, HostLoad before, HostLoad after) {
    JsonObject root = new JsonObject();
    JsonObject config = new JsonObject();
    config.addProperty("warmup_s", settings.warmup().toMillis() / 1000.0);
    config.addProperty("duration_s", settings.duration().toMillis() / 1000.0);
    config.addProperty("rounds", settings.rounds());
    config.addProperty("scale", settings.scale());
    root.add("settings", config);
    JsonObject host = new JsonObject();
    host.addProperty("cpus", before.cpus());
    host.addProperty("load_average_before", before.loadAverage());
    host.addProperty("load_average_after", after.loadAverage());
    root.add("host", host);
    JsonArray list = new JsonArray();
    for (Result r : results) {
      JsonObject o = new JsonObject();
      o.addProperty("name", r.name());
      if (r.ok()) {
        o.addProperty("per_second", r.mean());
        o.addProperty("stddev", r.stddev());
        JsonArray rounds = new JsonArray();
        r.rounds().forEach(rounds::add);
        o.add("rounds", rounds);
      } else {
        o.addProperty("error", r.error());
      }
      list.add(o);
    }
    root.add("results", list);
    return new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(root) + "\n";
  }
}
