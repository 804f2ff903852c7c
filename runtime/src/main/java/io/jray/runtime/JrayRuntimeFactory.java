package io.jray.runtime;

import io.jray.api.runtime.RayRuntime;
import io.jray.api.runtime.RayRuntimeFactory;

/** Found by {@code Ray.init} through ServiceLoader: a worker's runtime when one is set up, else a driver's. */
public final class JrayRuntimeFactory implements RayRuntimeFactory {
  private static volatile RayRuntime preset;

  /** A worker JVM sets its runtime before calling {@code Ray.init()}. */
  static void preset(RayRuntime runtime) {
    preset = runtime;
  }

  @Override
  public RayRuntime create(String address) {
    RayRuntime worker = preset;
    return worker != null ? worker : DriverConnector.connect(address);
  }
}
