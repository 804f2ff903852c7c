package io.jray.runtime.function;

import io.jray.api.function.RayFunc;
import java.io.Serializable;

/**
 * A {@link RayFunc} that stands for a serializable lambda of another API (Ray's own {@code io.ray.api} functions,
 * through jray-ray-runtime): tasks name the method of {@link #lambda()}, so the worker runs the user's method
 * exactly as if it had been written against jray's API.
 */
public interface ForeignLambda extends RayFunc {

  /** The method reference or lambda this function stands for; it must be serializable, as Java's lambdas are. */
  Serializable lambda();
}
