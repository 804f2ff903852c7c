package io.jray.api.function;

/**
 * A remote function of no arguments returning {@code R}.
 *
 * @param <R> the return type
 */
@FunctionalInterface
public interface RayFunc0<R> extends RayFuncR<R> {

  R apply() throws Exception;
}
