package io.jray.api.call;

import io.jray.api.function.RayFuncVoid;

/**
 * A task of a function returning nothing, made by {@code Ray.task}: set options, then
 * {@link #remote()}.
 */
public final class VoidTaskCaller extends BaseTaskCaller<VoidTaskCaller> {

  public VoidTaskCaller(RayFuncVoid func, Object[] args) {
    super(func, args);
  }

  /** Submits the task. Its errors are not reported to the caller, as there is no result. */
  public void remote() {
    submit();
  }
}
