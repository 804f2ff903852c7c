package io.jray.api.function;

/** A remote function that returns nothing. */
public interface RayFuncVoid extends RayFunc {}
