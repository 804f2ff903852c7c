package io.jray.api.function;

/** A remote function of no arguments returning nothing. */
@FunctionalInterface
public interface RayFuncVoid0 extends RayFuncVoid {

  void apply() throws Exception;
}
