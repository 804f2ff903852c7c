package io.jray.api;

import io.jray.api.runtime.RayRuntimeFactory;
import java.util.Iterator;
import java.util.ServiceLoader;

/** Finds the {@link RayRuntimeFactory} that jray-runtime registers as a service. */
final class RuntimeFactoryLookup {

  private RuntimeFactoryLookup() {}

  /**
   * The first factory visible to any of {@code loaders}, tried in order (null entries skipped).
   *
   * @throws IllegalStateException when none has one
   */
  static RayRuntimeFactory find(ClassLoader... loaders) {
    for (ClassLoader loader : loaders) {
      if (loader == null) {
        continue;
      }
      Iterator<RayRuntimeFactory> factories =
          ServiceLoader.load(RayRuntimeFactory.class, loader).iterator();
      if (factories.hasNext()) {
        return factories.next();
      }
    }
    throw new IllegalStateException(
        "No jray runtime found: jray-runtime must be on the classpath (it provides the "
            + RayRuntimeFactory.class.getName() + " service); add the jray-runtime jar or use "
            + "the classpath printed by `jray classpath`");
  }
}
