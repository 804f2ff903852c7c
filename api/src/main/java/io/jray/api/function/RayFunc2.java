package io.jray.api.function;

/**
 * A remote function of 2 arguments returning {@code R}.
 *
 * @param <R> the return type
 */
@FunctionalInterface
public interface RayFunc2<T0, T1, R> extends RayFuncR<R> {

  R apply(T0 t0, T1 t1) throws Exception;
}
