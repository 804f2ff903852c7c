package io.jray.bench;

import java.util.List;

/**
 * What one workload measured: the rate of each timed round (units per second), their mean and population
 * standard deviation (numpy's {@code np.std}, as Ray reports), or the error that stopped it.
 */
public record Result(String name, List<Double> rounds, double mean, double stddev, String error) {

  public static Result of(String name, List<Double> rounds) {
    double mean = rounds.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    double variance = rounds.stream().mapToDouble(r -> (r - mean) * (r - mean)).average().orElse(0);
    return new Result(name, List.copyOf(rounds), mean, Math.sqrt(variance), null);
  }

  public static Result failed(String name, String error) {
    return new Result(name, List.of(), 0, 0, error);
  }

  public boolean ok() {
    return error == null;
  }
}
