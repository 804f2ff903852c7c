package io.jray.api;

import io.jray.api.runtime.RayRuntime;
import io.jray.api.runtime.RayRuntimeFactory;

/** The test-only runtime factory registered in META-INF/services: makes a RecordingRuntime. */
public final class RecordingRuntimeFactory implements RayRuntimeFactory {

  @Override
  public RayRuntime create(String address) {
    return new RecordingRuntime(address);
  }
}
