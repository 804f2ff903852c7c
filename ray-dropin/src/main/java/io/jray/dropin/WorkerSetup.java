package io.jray.dropin;

import io.jray.runtime.WorkerInitializer;

/**
 * Initializes Ray's {@code io.ray.api.Ray} in each worker JVM of a job that brought jray-ray-runtime, so the
 * job's tasks and actors can call Ray's API (get, put, nested tasks, the runtime context) as in a Ray worker.
 */
public final class WorkerSetup implements WorkerInitializer {

  @Override
  public void workerStarted() {
    io.ray.api.Ray.init();
  }
}
