package io.ray.runtime;

import io.jray.dropin.RayRuntimeSetup;
import io.ray.api.runtime.RayRuntime;
import io.ray.api.runtime.RayRuntimeFactory;

/**
 * The class Ray's {@code io.ray.api.Ray.init()} loads by this name to make its runtime: here, one on jray
 * (see {@link RayRuntimeSetup}). It needs a public no-argument constructor, since Ray's API makes it by
 * reflection.
 */
public final class DefaultRayRuntimeFactory implements RayRuntimeFactory {

  @Override
  public RayRuntime createRayRuntime() {
    return RayRuntimeSetup.create();
  }
}
