package io.jray.api.exception;

import io.jray.api.id.ActorId;

/**
 * Thrown by an actor call when the handle already has the actor's {@code maxPendingCalls} calls submitted and not
 * finished (Ray's back-pressure for actors): the call is not submitted; try again once earlier calls finished.
 */
public class PendingCallsLimitExceededException extends RayException {

  private static final long serialVersionUID = 1L;

  private final ActorId actorId;

  public PendingCallsLimitExceededException(String message, ActorId actorId) {
    super(message);
    this.actorId = actorId;
  }

  /** What a call past a handle's {@code maxPendingCalls} throws (the cluster's and local mode's sentence). */
  public static PendingCallsLimitExceededException of(ActorId actor, int limit) {
    return new PendingCallsLimitExceededException("The actor " + actor.toHex() + " already has " + limit
        + " calls pending from this handle, its maxPendingCalls: wait for some to finish (get their results) before"
        + " calling again.", actor);
  }

  /** The actor whose limit was reached. */
  public ActorId getActorId() {
    return actorId;
  }
}
