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

  /** The actor whose limit was reached. */
  public ActorId getActorId() {
    return actorId;
  }
}
