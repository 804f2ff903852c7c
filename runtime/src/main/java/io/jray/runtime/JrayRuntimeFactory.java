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
    if (worker != null) {
      return worker;
    }
    String mode = io.jray.runtime.config.JrayConfig.runMode();
    if (mode.equalsIgnoreCase("LOCAL")) {
      return new io.jray.runtime.local.LocalModeRuntime(System.getProperty("jray.job.namespace", ""));
    }
    if (!mode.equalsIgnoreCase("CLUSTER")) {
      throw new IllegalArgumentException("Invalid " + io.jray.runtime.config.JrayConfig.RUN_MODE.propertyName() + "="
          + mode + " (or jray.run-mode): use CLUSTER (the default) or LOCAL (tasks and actors on threads of this JVM, no cluster).");
    }
    return DriverConnector.connect(address);
  }
}
