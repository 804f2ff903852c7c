package io.jray.bench;

import io.jray.api.Ray;

/** Ray's {@code Actor} of {@code ray_perf.py}: answers small values, or submits a batch of tasks itself. */
public class BenchActor {

  public byte[] smallValue() {
    return Tasks.OK;
  }

  public byte[] smallValueArg(int x) {
    return Tasks.OK;
  }

  /** Submits {@code n} small tasks from inside the actor and waits for them (multi-client tasks). */
  public int smallValueBatch(int n) {
    Calls.submitAndGet(n, i -> Ray.task(Tasks::smallValue).remote());
    return 0;
  }
}
