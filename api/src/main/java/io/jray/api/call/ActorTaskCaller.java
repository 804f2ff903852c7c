package io.jray.api.call;

import io.jray.api.ActorHandle;
import io.jray.api.ObjectRef;
import io.jray.api.function.RayFuncR;

/**
 * A call of an actor method returning {@code R}, made by {@code ActorHandle.task}: set options,
 * then {@link #remote()}.
 *
 * @param <R> the method's return type
 */
public final class ActorTaskCaller<R> extends BaseActorTaskCaller<ActorTaskCaller<R>> {

  /** A call of {@code func} on {@code actor}; {@code args} do not include the receiver. */
  public ActorTaskCaller(ActorHandle<?> actor, RayFuncR<R> func, Object[] args) {
    super(actor, func, args);
  }

  /**
   * A call of an async actor method (one returning a {@code CompletionStage}): its result is the value the stage
   * completes with, sent once it completes.
   */
  @SuppressWarnings("unchecked")
  public static <R> ActorTaskCaller<R> ofAsync(ActorHandle<?> actor,
      RayFuncR<? extends java.util.concurrent.CompletionStage<R>> func, Object[] args) {
    return new ActorTaskCaller<>(actor, (RayFuncR<R>) (RayFuncR<?>) func, args);
  }

  /** Submits the call and returns a reference to its result at once. */
  @SuppressWarnings("unchecked")
  public ObjectRef<R> remote() {
    return (ObjectRef<R>) (ObjectRef<?>) submit();
  }
}
