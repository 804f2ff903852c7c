package io.jray.api.function;

/**
 * A remote function of one argument returning {@code R}.
 *
 * @param <R> the return type
 */
@FunctionalInterface
public interface RayFunc1<T0, R> extends RayFuncR<R> {

  R apply(T0 t0) throws Exception;
}
