package io.jray.api.function;

/**
 * A remote function that returns a value of type {@code R}.
 *
 * @param <R> the return type
 */
public interface RayFuncR<R> extends RayFunc {}
