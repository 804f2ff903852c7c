package io.jray.dropin;

import io.jray.runtime.actor.ActorHandleImpl;
import io.ray.api.ActorHandle;
import io.ray.api.BaseActorHandle;
import io.ray.api.id.ActorId;
import java.util.Arrays;

/**
 * Ray's {@link ActorHandle} to a jray actor: only the actor's id, so it travels in task and actor arguments and
 * works wherever it lands. Its {@code task(...)} calls (Ray's default methods) reach this runtime's
 * {@code callActor}.
 */
final class RayActorHandle<A> implements ActorHandle<A> {
  private final byte[] actorId;
  /** The calls this handle may have pending (0: no limit), as jray's handle it wraps. */
  private final int maxPendingCalls;

  RayActorHandle(byte[] actorId) {
    this(actorId, 0);
  }

  private RayActorHandle(byte[] actorId, int maxPendingCalls) {
    this.actorId = actorId;
    this.maxPendingCalls = maxPendingCalls;
  }

  /** Ray's handle for jray's {@code handle}, keeping what it carries besides the id. */
  static <A> RayActorHandle<A> of(io.jray.api.ActorHandle<?> handle) {
    int limit = handle instanceof ActorHandleImpl<?> impl ? impl.maxPendingCalls() : 0;
    return new RayActorHandle<>(handle.getId().getBytes(), limit);
  }

  /** jray's handle to the actor a Ray handle of this runtime names. */
  static <A> ActorHandleImpl<A> unwrap(BaseActorHandle handle) {
    if (handle instanceof RayActorHandle<?> ours) {
      return new ActorHandleImpl<>(ours.actorId, ours.maxPendingCalls);
    }
    throw new IllegalArgumentException("Not an actor handle of jray-ray-runtime: " + handle + " ("
        + (handle == null ? "null" : handle.getClass().getName()) + ") was made by another Ray runtime.");
  }

  @Override
  public ActorId getId() {
    return ActorId.fromBytes(actorId.clone());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RayActorHandle<?> other && Arrays.equals(actorId, other.actorId);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(actorId);
  }

  @Override
  public String toString() {
    return "ActorHandle(" + getId() + ")";
  }
}
