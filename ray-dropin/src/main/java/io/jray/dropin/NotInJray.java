package io.jray.dropin;

/**
 * The parts of Ray's Java API that jray does not offer, each as one sentence: what is missing and what to do
 * instead. Thrown as {@link UnsupportedOperationException}.
 */
final class NotInJray {
  private NotInJray() {}

  static UnsupportedOperationException python() {
    return new UnsupportedOperationException("jray runs Java code only: Python functions and actors (PyFunction, "
        + "PyActorClass, PyActorMethod) are not supported.");
  }

  static UnsupportedOperationException cpp() {
    return new UnsupportedOperationException("jray runs Java code only: C++ functions and actors (CppFunction, "
        + "CppActorClass, CppActorMethod) are not supported.");
  }

  static UnsupportedOperationException parallelActors() {
    return new UnsupportedOperationException("Parallel actors (Ray's experimental ParallelActor, "
        + "getParallelActorContext) are not supported by jray: create several actors instead.");
  }

  static UnsupportedOperationException runtimeEnv() {
    return new UnsupportedOperationException("getCurrentRuntimeEnv() is not supported by jray: a worker's runtime env"
        + " is its environment variables (System.getenv) and its classpath.");
  }

  static UnsupportedOperationException availableResourceIds() {
    return new UnsupportedOperationException("getAvailableResourceIds() is not supported by jray: use "
        + "Ray.getRuntimeContext().getGpuIds() for a worker's GPUs.");
  }
}
