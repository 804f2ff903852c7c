package io.jray.api.call;

import io.jray.api.ActorHandle;
import io.jray.api.function.RayFuncVoid;

/**
 * A call of an actor method returning nothing, made by {@code ActorHandle.task}: set options,
 * then {@link #remote()}.
 */
public final class VoidActorTaskCaller extends BaseActorTaskCaller<VoidActorTaskCaller> {

  /** A call of {@code func} on {@code actor}; {@code args} do not include the receiver. */
  public VoidActorTaskCaller(ActorHandle<?> actor, RayFuncVoid func, Object[] args) {
    super(actor, func, args);
  }

  /** Submits the call. Its errors are not reported to the caller, as there is no result. */
  public void remote() {
    submit();
  }
}
