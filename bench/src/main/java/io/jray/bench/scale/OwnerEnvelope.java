package io.jray.bench.scale;

import io.jray.api.ObjectRef;
import io.jray.api.Ray;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The owner rows of the scalability envelope, in a driver JVM of their own: many tasks submitted before any is
 * awaited (they wait for a resource no node has, so every one stays pending in its owner), and many small objects
 * put; the owner's heap per task and per object (used heap after a full GC, with the caller's refs held), the
 * submission rate as the queue grows, and a get's latency as the objects grow.
 */
final class OwnerEnvelope {
  private static final int TENTHS = 10;

  private final ScaleBench.Settings settings;
  private final ScaleBench.Output out;

  OwnerEnvelope(ScaleBench.Settings settings, ScaleBench.Output out) {
    this.settings = settings;
    this.out = out;
  }

  void pendingTasks() {
    int count = settings.pendingTasks();
    Ray.init(settings.gcs().toString());
    try {
      long before = usedHeapAfterGc();
      List<ObjectRef<Integer>> refs = new ArrayList<>(count);
      int tenth = Math.max(1, count / TENTHS);
      double firstRate = 0;
      double lastRate = 0;
      for (int part = 0; part < TENTHS; part++) {
        long start = System.nanoTime();
        for (int i = 0; i < tenth; i++) {
          refs.add(Ray.task(ScaleActor::pending).setResource("scale_nowhere", 1.0).remote());
        }
        double rate = tenth / ((System.nanoTime() - start) / 1e9);
        firstRate = part == 0 ? rate : firstRate;
        lastRate = rate;
      }
      long after = usedHeapAfterGc();
      out.figure("pending_tasks", refs.size());
      out.figure("task_submissions_per_s_first_tenth", firstRate);
      out.figure("task_submissions_per_s_last_tenth", lastRate);
      out.figure("owner_heap_bytes_per_pending_task", (after - before) / (double) refs.size());
      histogram();
    } finally {
      Ray.shutdown();
    }
  }

  void ownedObjects() {
    int count = settings.ownedObjects();
    Ray.init(settings.gcs().toString());
    try {
      long before = usedHeapAfterGc();
      List<ObjectRef<Integer>> refs = new ArrayList<>(count);
      Random random = new Random(23);
      long start = System.nanoTime();
      for (int i = 0; i < count; i++) {
        refs.add(Ray.put(i));
        int held = i + 1;
        if (held == 10_000 || held == 100_000 || held == count) {
          out.figure("get_us_at_" + held + "_objects", medianGetMicros(refs, random));
        }
      }
      out.figure("puts_per_s", count / ((System.nanoTime() - start) / 1e9));
      long after = usedHeapAfterGc();
      out.figure("owned_objects", refs.size());
      out.figure("owner_heap_bytes_per_owned_object", (after - before) / (double) refs.size());
      histogram();
    } finally {
      Ray.shutdown();
    }
  }

  private static double medianGetMicros(List<ObjectRef<Integer>> refs, Random random) {
    List<Double> times = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      ObjectRef<Integer> ref = refs.get(random.nextInt(refs.size()));
      long start = System.nanoTime();
      Ray.get(ref);
      times.add((System.nanoTime() - start) / 1e3);
    }
    return ScaleBench.median(times);
  }

  /** With {@code --histogram=N}: where the owner's heap goes, the top N classes, as notes. */
  private void histogram() {
    if (settings.histogram() > 0) {
      try {
        new ProcessProbe(ProcessHandle.current().pid()).histogram(settings.histogram()).forEach(out::note);
      } catch (Exception e) {
        out.note("no class histogram: " + e.getMessage());
      }
    }
  }

  /** This JVM's used heap after full collections (twice: the first may leave what finalization frees). */
  static long usedHeapAfterGc() {
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
