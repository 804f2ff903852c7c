package io.jray.api;

/**
 * A handle to an actor of class {@code A}: call its methods with {@code task(A::method, args)}
 * (the overloads are in {@link ActorCall}). Calls from one handle run in the order they were made
 * unless the actor's {@code maxConcurrency} is above 1. Handles may be passed to tasks and actors.
 *
 * @param <A> the actor's class
 */
public interface ActorHandle<A> extends BaseActorHandle, ActorCall<A> {

  @Override
  default void kill(boolean noRestart) {
    Ray.internal().killActor(this, noRestart);
  }
}
