package io.jray.dropin;

import io.jray.api.function.RayFuncVoid;
import io.jray.runtime.function.ForeignLambda;
import io.ray.api.function.RayFunc;
import java.io.Serializable;

/**
 * Ray's function lambdas as jray functions: jray names the task by the method of the Ray lambda (its
 * {@code SerializedLambda}, as for jray's own), and a Ray {@code RayFuncVoid} stays a void function.
 */
final class RayLambdas {
  private RayLambdas() {}

  static io.jray.api.function.RayFunc of(RayFunc func) {
    if (func == null) {
      throw new IllegalArgumentException("The function must not be null: pass a method reference such as MyFns::square.");
    }
    return func instanceof io.ray.api.function.RayFuncVoid ? new VoidLambda(func) : new ReturningLambda(func);
  }

  /** A Ray function that returns a value. */
  private record ReturningLambda(Serializable lambda) implements ForeignLambda {}

  /** A Ray function that returns nothing. */
  private record VoidLambda(Serializable lambda) implements ForeignLambda, RayFuncVoid {}
}
