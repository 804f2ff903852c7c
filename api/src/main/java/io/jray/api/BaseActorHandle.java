package io.jray.api;

import io.jray.api.id.ActorId;

/** A handle to an actor, whatever its class. See {@link ActorHandle} for calling it. */
public interface BaseActorHandle {

  ActorId getId();

  /** Kills the actor at once, without restarting it. */
  default void kill() {
    kill(true);
  }

  /**
   * Kills the actor at once; calls in flight fail with {@code RayActorException}.
   *
   * @param noRestart true to end the actor for good; false to let it restart if its
   *     {@code maxRestarts} allows
   */
  void kill(boolean noRestart);
}
