package io.jray.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Times workloads the way Ray's {@code timeit} does: set up, call for the warm-up time, then count calls
 * over each timed round and report units per second. A round ends at the first call that finishes after
 * its time is up, so every round makes at least one call. Not thread-safe: one workload at a time.
 */
public final class Runner implements WorkloadRunner {
  private final BenchSettings settings;
  private final LongSupplier nanoClock;

  public Runner(BenchSettings settings) {
    this(settings, System::nanoTime);
  }

  Runner(BenchSettings settings, LongSupplier nanoClock) {
    this.settings = settings;
    this.nanoClock = nanoClock;
  }

  /** Runs one workload in this JVM; a failure (of set-up or of a call) is its result, not an exception. */
  @Override
  public Result run(Workload workload) {
    try (Trial trial = workload.prepare(settings)) {
      callFor(trial, settings.warmup().toNanos());
      List<Double> rates = new ArrayList<>(settings.rounds());
      for (int round = 0; round < settings.rounds(); round++) {
        long start = nanoClock.getAsLong();
        long calls = callFor(trial, settings.round().toNanos());
        double seconds = (nanoClock.getAsLong() - start) / 1e9;
        rates.add(calls * trial.unitsPerCall() / seconds);
      }
      return Result.of(workload.name(), rates);
    } catch (Exception | OutOfMemoryError | StackOverflowError e) {
      return Result.failed(workload.name(), describe(e));
    }
  }

  /** Calls until {@code nanos} have passed (none for 0, else at least one); returns how many calls. */
  private long callFor(Trial trial, long nanos) throws Exception {
    long start = nanoClock.getAsLong();
    long calls = 0;
    while (nanos > 0) {
      trial.call();
      calls++;
      if (nanoClock.getAsLong() - start >= nanos) {
        break;
      }
    }
    return calls;
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message.strip());
  }
}
