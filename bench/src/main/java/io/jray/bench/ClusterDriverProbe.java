package io.jray.bench;

import io.jray.api.ObjectRef;
import io.jray.api.Ray;
import java.util.ArrayList;
import java.util.List;

/**
 * One fresh driver JVM's start against a running cluster, timed inside the driver from the call as a user's
 * program sees it: {@code Ray.init(address)}, then one tiny task's result, then ten 200 ms tasks (on a 2-CPU head
 * the ideal is 1,000 ms). Prints {@code driver_init <ms>}, {@code driver_first_task <ms>} and
 * {@code ten_200ms_tasks <ms>}. Run by {@link StartupBench}, once per JVM: {@code ClusterDriverProbe <address>}.
 */
public final class ClusterDriverProbe {
  private ClusterDriverProbe() {}

  static int one() {
    return 1;
  }

  static int sleep200() throws InterruptedException {
    Thread.sleep(200);
    return 1;
  }

  public static void main(String[] args) throws Exception {
    long start = System.nanoTime();
    Ray.init(args[0]);
    long initialized = System.nanoTime();
    int first = Ray.task(ClusterDriverProbe::one).remote().get(120_000);
    long firstTask = System.nanoTime();
    List<ObjectRef<Integer>> sleeps = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      sleeps.add(Ray.task(ClusterDriverProbe::sleep200).remote());
    }
    int slept = Ray.get(sleeps).stream().mapToInt(Integer::intValue).sum();
    long tenTasks = System.nanoTime();
    Ray.shutdown();
    if (first != 1 || slept != 10) {
      throw new IllegalStateException("the tasks returned " + first + " and " + slept);
    }
    System.out.printf("driver_init %.1f%n", (initialized - start) / 1e6);
    System.out.printf("driver_first_task %.1f%n", (firstTask - initialized) / 1e6);
    System.out.printf("ten_200ms_tasks %.1f%n", (tenTasks - firstTask) / 1e6);
  }
}
