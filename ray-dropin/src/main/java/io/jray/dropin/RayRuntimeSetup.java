package io.jray.dropin;

import io.ray.api.runtime.RayRuntime;

/**
 * Makes the runtime behind Ray's {@code io.ray.api.Ray}: in a worker, over the jray runtime the worker already
 * runs; in a driver, over a new jray connection made from Ray's configuration names ({@link RayConfigNames}).
 */
public final class RayRuntimeSetup {
  private static final System.Logger LOG = System.getLogger(RayRuntimeSetup.class.getName());

  private RayRuntimeSetup() {}

  /** Called by Ray's {@code Ray.init()}, through {@code io.ray.runtime.DefaultRayRuntimeFactory}. */
  public static RayRuntime create() {
    if (io.jray.api.Ray.isInitialized()) {
      // A worker, or a driver that uses jray's own API as well: that connection stays its owner's.
      return new RayRuntimeOnJray(jrayRuntime(), false);
    }
    String address = RayConfigNames.apply(System.getProperties());
    if (address != null && !RayConfigNames.jvmOptions(System.getProperties()).isEmpty()) {
      LOG.log(System.Logger.Level.WARNING, RayConfigNames.JVM_OPTIONS + " is ignored: it applies to the workers of a"
          + " local cluster Ray.init() starts, and the running cluster at " + address + " keeps its own.");
    }
    io.jray.api.Ray.init(address);
    return new RayRuntimeOnJray(jrayRuntime(), true);
  }

  private static io.jray.api.runtime.RayRuntime jrayRuntime() {
    return io.jray.api.Ray.internal();
  }
}
