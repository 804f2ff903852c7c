package io.jray.runtime.actor;

import io.jray.api.ActorHandle;
import io.jray.api.id.ActorId;
import java.util.Arrays;

/** A handle to an actor: only its id, so it serializes into task and actor arguments and works wherever it lands. */
public final class ActorHandleImpl<A> implements ActorHandle<A> {
  private final byte[] actorId;

  public ActorHandleImpl(byte[] actorId) {
    this.actorId = actorId;
  }

  @Override
  public ActorId getId() {
    return ActorId.fromBytes(actorId);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ActorHandleImpl<?> other && Arrays.equals(actorId, other.actorId);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(actorId);
  }

  @Override
  public String toString() {
    return "ActorHandle(" + getId().toHex() + ")";
  }
}
