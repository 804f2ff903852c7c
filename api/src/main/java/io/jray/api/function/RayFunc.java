package io.jray.api.function;

import java.io.Serializable;

/**
 * A function that can run remotely: a method reference to a static method, a constructor or an
 * actor method. Serializable so the runtime can name and ship it to workers.
 */
public interface RayFunc extends Serializable {}
