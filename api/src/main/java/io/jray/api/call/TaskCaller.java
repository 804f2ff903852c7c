package io.jray.api.call;

import io.jray.api.ObjectRef;
import io.jray.api.function.RayFuncR;

/**
 * A task of a function returning {@code R}, made by {@code Ray.task}: set options, then
 * {@link #remote()}.
 *
 * @param <R> the function's return type
 */
public final class TaskCaller<R> extends BaseTaskCaller<TaskCaller<R>> {

  public TaskCaller(RayFuncR<R> func, Object[] args) {
    super(func, args);
  }

  /** Submits the task and returns a reference to its result at once. */
  @SuppressWarnings("unchecked")
  public ObjectRef<R> remote() {
    return (ObjectRef<R>) (ObjectRef<?>) submit();
  }
}
