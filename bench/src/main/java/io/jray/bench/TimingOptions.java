package io.jray.bench;

import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code --warmup} and {@code --duration} options (a picocli mixin) of {@code jray microbenchmark} and of
 * {@code bench/peers/run-all.sh}: the same options with the same defaults, so bench/compare.sh can hand both the
 * same times and compare their figures.
 */
public final class TimingOptions {
  @Spec(Spec.Target.MIXEE) CommandSpec command;

  @Option(names = "--duration", paramLabel = "S", defaultValue = "" + BenchSettings.DEFAULT_DURATION_S,
      description = "Timed seconds per workload, in 4 rounds (default: ${DEFAULT-VALUE}; Ray: 4 rounds of 2 s).")
  double durationSeconds;

  @Option(names = "--warmup", paramLabel = "S", defaultValue = "" + BenchSettings.DEFAULT_WARMUP_S,
      description = "Untimed seconds per workload before the rounds, for the JIT (default: ${DEFAULT-VALUE}).")
  double warmupSeconds;

  /** The default rounds with these times, batches and sizes times {@code scale}; a usage error for bad times. */
  public BenchSettings settings(double scale) {
    if (!(durationSeconds > 0) || Double.isInfinite(durationSeconds)) {
      throw new ParameterException(command.commandLine(), "--duration must be a positive number of seconds, not "
          + durationSeconds + ".");
    }
    if (!(warmupSeconds >= 0) || Double.isInfinite(warmupSeconds)) {
      throw new ParameterException(command.commandLine(), "--warmup must be 0 or more seconds, not "
          + warmupSeconds + ".");
    }
    return new BenchSettings(Duration.ofMillis(Math.round(warmupSeconds * 1000)),
        Duration.ofMillis(Math.max(1, Math.round(durationSeconds * 1000))), BenchSettings.DEFAULT_ROUNDS, scale);
  }
}
