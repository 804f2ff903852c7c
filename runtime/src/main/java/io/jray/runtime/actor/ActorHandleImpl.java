package io.jray.runtime.actor;

import io.jray.api.ActorHandle;
import io.jray.api.id.ActorId;
import java.util.Arrays;

/** A handle to an actor: only its id, so it serializes into task and actor arguments and works wherever it lands. */
public final class ActorHandleImpl<A> implements ActorHandle<A> {
  private final byte[] actorId;
  /** The calls this handle may have pending (Ray's max_pending_calls); 0: no limit. Travels with the handle. */
  private final int maxPendingCalls;

  public ActorHandleImpl(byte[] actorId) {
    this(actorId, 0);
  }

  public ActorHandleImpl(byte[] actorId, int maxPendingCalls) {
    this.actorId = actorId;
    this.maxPendingCalls = Math.max(0, maxPendingCalls);
  }

  /** 0: no limit. */
  public int maxPendingCalls() {
    return maxPendingCalls;
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
