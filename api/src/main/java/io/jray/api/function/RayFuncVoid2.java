package io.jray.api.function;

/** A remote function of 2 arguments returning nothing. */
@FunctionalInterface
public interface RayFuncVoid2<T0, T1> extends RayFuncVoid {

  void apply(T0 t0, T1 t1) throws Exception;
}
