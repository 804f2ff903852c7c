package io.jray.api.function;

/** A remote function of 3 arguments returning nothing. */
@FunctionalInterface
public interface RayFuncVoid3<T0, T1, T2> extends RayFuncVoid {

  void apply(T0 t0, T1 t1, T2 t2) throws Exception;
}
