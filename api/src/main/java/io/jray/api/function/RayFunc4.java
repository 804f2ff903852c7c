package io.jray.api.function;

/**
 * A remote function of 4 arguments returning {@code R}.
 *
 * @param <R> the return type
 */
@FunctionalInterface
public interface RayFunc4<T0, T1, T2, T3, R> extends RayFuncR<R> {

  R apply(T0 t0, T1 t1, T2 t2, T3 t3) throws Exception;
}
