package io.jray.bench;

import java.time.Duration;

/**
 * How long and how big each workload runs. Ray's {@code ray microbenchmark} warms each workload up, then
 * times four rounds of 2 s; jray's defaults warm up longer: each workload runs in a fresh driver JVM, and on a
 * busy 2-core machine the task path's rate still climbs after 10 s of calls (C2 compiling driver and workers).
 *
 * @param warmup untimed calls before the rounds, per workload
 * @param duration timed time per workload, split evenly into {@code rounds}
 * @param rounds how many timed rounds; the report gives their mean and standard deviation
 * @param scale factor on every batch size (1 = Ray's sizes: 1,000 tasks per async call, 100 MiB per put);
 *     smaller for smoke tests, where correctness matters and not the figures
 */
public record BenchSettings(Duration warmup, Duration duration, int rounds, double scale) {
  public static final int DEFAULT_WARMUP_S = 20;
  public static final int DEFAULT_DURATION_S = 8;
  public static final Duration DEFAULT_WARMUP = Duration.ofSeconds(DEFAULT_WARMUP_S);
  public static final Duration DEFAULT_DURATION = Duration.ofSeconds(DEFAULT_DURATION_S);
  public static final int DEFAULT_ROUNDS = 4;

  public BenchSettings {
    if (warmup.isNegative()) {
      throw new IllegalArgumentException("The warm-up must not be negative: " + warmup);
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("The duration must be positive: " + duration);
    }
    if (rounds < 1) {
      throw new IllegalArgumentException("There must be at least one round: " + rounds);
    }
    if (!(scale > 0)) {
      throw new IllegalArgumentException("The scale must be positive: " + scale);
    }
  }

  public static BenchSettings defaults() {
    return new BenchSettings(DEFAULT_WARMUP, DEFAULT_DURATION, DEFAULT_ROUNDS, 1.0);
  }

  public BenchSettings withWarmup(Duration newWarmup) {
    return new BenchSettings(newWarmup, duration, rounds, scale);
  }

  public BenchSettings withDuration(Duration newDuration) {
    return new BenchSettings(warmup, newDuration, rounds, scale);
  }

  /** The time of one timed round. */
  public Duration round() {
    return duration.dividedBy(rounds);
  }

  /** Ray's batch size {@code base} times the scale, at least 1. */
  public int batch(int base) {
    return scaled(base, 1);
  }

  /** A size ({@code base} at scale 1, e.g. 100 MiB per put) times the scale, at least {@code least}. */
  public int scaled(int base, int least) {
    return (int) Math.max(least, Math.round(base * scale));
  }
}
