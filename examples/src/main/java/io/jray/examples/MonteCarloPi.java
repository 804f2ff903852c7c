package io.jray.examples;

import io.jray.api.ObjectRef;
import io.jray.api.Ray;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Estimates pi by throwing random darts at a unit square in many sampling tasks.
 *
 * <pre>java -cp jray-examples.jar:$(jray classpath) io.jray.examples.MonteCarloPi [tasks] [samplesPerTask]</pre>
 *
 * Connects to the running cluster ({@code Ray.init()} finds it through the address file), or starts its own.
 */
public final class MonteCarloPi {
  private MonteCarloPi() {}

  /** Counts the darts, of {@code samples}, that land inside the quarter circle. */
  public static long sample(long samples, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long inside = 0;
    for (long i = 0; i < samples; i++) {
      double x = random.nextDouble();
      double y = random.nextDouble();
      if (x * x + y * y <= 1.0) {
        inside++;
      }
    }
    return inside;
  }

  /** Runs the estimate with {@code tasks} tasks of {@code samplesPerTask} samples each. */
  public static double estimate(int tasks, long samplesPerTask) {
    List<ObjectRef<Long>> counts = new ArrayList<>();
    for (int t = 0; t < tasks; t++) {
      counts.add(Ray.task(MonteCarloPi::sample, samplesPerTask, (long) t).remote());
    }
    long inside = Ray.get(counts).stream().mapToLong(Long::longValue).sum();
    return 4.0 * inside / ((double) tasks * samplesPerTask);
  }

  public static void main(String[] args) {
    int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    long samples = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000L;
    Ray.init();
    try {
      long start = System.nanoTime();
      double pi = estimate(tasks, samples);
      System.out.printf("Pi is approximately %.6f (%d tasks x %d samples, %.2f s)%n", pi, tasks, samples,
          (System.nanoTime() - start) / 1e9);
    } finally {
      Ray.shutdown();
    }
  }
}
