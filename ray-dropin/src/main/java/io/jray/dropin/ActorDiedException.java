package io.jray.dropin;

import io.ray.api.exception.RayActorException;
import io.ray.api.id.ActorId;

/**
 * Ray's {@link RayActorException} with jray's own message (which says why the actor died: killed, crashed past
 * its restarts, its node lost), since Ray's constructors only take fixed sentences. Callers catch it as
 * {@code RayActorException}.
 */
public final class ActorDiedException extends RayActorException {
  private static final long serialVersionUID = 1L;

  private final String message;

  ActorDiedException(String message, ActorId actorId, Throwable cause) {
    super();
    this.message = message;
    this.actorId = actorId;
    if (cause != null) {
      initCause(cause);
    }
  }

  @Override
  public String getMessage() {
    return message;
  }
}
