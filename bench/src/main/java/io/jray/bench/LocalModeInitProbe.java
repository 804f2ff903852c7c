package io.jray.bench;

import io.jray.api.Ray;

/**
 * One fresh driver JVM's local-mode start, timed inside the driver from the call as a user's program sees it:
 * {@code Ray.init()} in local mode, then one tiny task's result. Prints {@code local_mode_init <ms>} and
 * {@code local_mode_first_task <ms>}. Run by {@link StartupBench}, once per JVM.
 */
public final class LocalModeInitProbe {
  private LocalModeInitProbe() {}

  static int one() {
    return 1;
  }

  public static void main(String[] args) {
    System.setProperty("jray.run-mode", "LOCAL");
    long start = System.nanoTime();
    Ray.init();
    long initialized = System.nanoTime();
    int result = Ray.get(Ray.task(LocalModeInitProbe::one).remote());
    long firstTask = System.nanoTime();
    Ray.shutdown();
    if (result != 1) {
      throw new IllegalStateException("the task returned " + result);
    }
    System.out.printf("local_mode_init %.1f%n", (initialized - start) / 1e6);
    System.out.printf("local_mode_first_task %.1f%n", (firstTask - initialized) / 1e6);
  }
}
