package io.jray.runtime;

/**
 * Set-up that a library on a job's classpath runs in each of the job's worker JVMs once jray's runtime is ready
 * and before the first task arrives, found as a {@link java.util.ServiceLoader} service: jray-ray-runtime uses it
 * to initialize Ray's {@code io.ray.api.Ray} over jray's runtime, so tasks written against Ray's API can call it.
 */
public interface WorkerInitializer {

  /** Called once, on the worker's main thread, after {@code io.jray.api.Ray} is initialized. */
  void workerStarted();
}
