package io.jray.api.exception;

import io.jray.api.id.ActorId;

/**
 * Thrown when an actor is dead: killed, crashed more often than its {@code maxRestarts}, or lost
 * with its node. Carries the actor's id when it is known.
 */
public class RayActorException extends RayException {

  private static final long serialVersionUID = 1L;

  private final ActorId actorId;

  public RayActorException(String message) {
    this(message, null, null);
  }

  public RayActorException(String message, Throwable cause) {
    this(message, null, cause);
  }

  public RayActorException(String message, ActorId actorId) {
    this(message, actorId, null);
  }

  public RayActorException(String message, ActorId actorId, Throwable cause) {
    super(message, cause);
    this.actorId = actorId;
  }

  /** The dead actor's id, or null when it is not known. */
  public ActorId getActorId() {
    return actorId;
  }
}
