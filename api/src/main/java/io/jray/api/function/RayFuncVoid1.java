package io.jray.api.function;

/** A remote function of one argument returning nothing. */
@FunctionalInterface
public interface RayFuncVoid1<T0> extends RayFuncVoid {

  void apply(T0 t0) throws Exception;
}
