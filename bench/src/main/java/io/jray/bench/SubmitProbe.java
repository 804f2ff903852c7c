package io.jray.bench;

import io.jray.api.Ray;

/**
 * A submitted job's first result, for the {@code job_submit_to_first_result} row of {@code bench/startup-compare.sh}:
 * {@code jray submit --main-class=io.jray.bench.SubmitProbe <jray-bench jar>} runs it on the head; it prints
 * {@code first_result_epoch_ms <ms>} when its first tiny task's result is back, and the script subtracts the time
 * it ran {@code jray submit}.
 */
public final class SubmitProbe {
  private SubmitProbe() {}

  static int one() {
    return 1;
  }

  public static void main(String[] args) {
    Ray.init();
    int first = Ray.task(SubmitProbe::one).remote().get(120_000);
    long now = System.currentTimeMillis();
    Ray.shutdown();
    if (first != 1) {
      throw new IllegalStateException("the task returned " + first);
    }
    System.out.println("first_result_epoch_ms " + now);
  }
}
