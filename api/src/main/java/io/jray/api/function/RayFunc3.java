package io.jray.api.function;

/**
 * A remote function of 3 arguments returning {@code R}.
 *
 * @param <R> the return type
 */
@FunctionalInterface
public interface RayFunc3<T0, T1, T2, R> extends RayFuncR<R> {

  R apply(T0 t0, T1 t1, T2 t2) throws Exception;
}
