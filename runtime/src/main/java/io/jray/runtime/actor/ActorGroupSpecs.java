package io.jray.runtime.actor;

import io.jray.api.concurrencygroup.ConcurrencyGroup;
import io.jray.api.exception.PendingCallsLimitExceededException;
import io.jray.api.id.ActorId;
import io.jray.proto.ConcurrencyGroupSpec;
import io.jray.runtime.function.FunctionDescriptors;
import java.util.List;

/** The API's actor options in the creation task's terms: concurrency groups, and the pending-calls refusal. */
public final class ActorGroupSpecs {
  private ActorGroupSpecs() {}

  /** The groups as the worker builds its threads from them (methods by descriptor). */
  public static List<ConcurrencyGroupSpec> of(List<ConcurrencyGroup> groups) {
    return groups.stream().map(g -> ConcurrencyGroupSpec.newBuilder()
        .setName(g.getName())
        .setMaxConcurrency(g.getMaxConcurrency())
        .addAllMethods(g.getMethods().stream().map(FunctionDescriptors::of).toList())
        .build()).toList();
  }

  /** What a call past the handle's {@code maxPendingCalls} throws. */
  public static PendingCallsLimitExceededException pendingCallsExceeded(ActorId actor, int limit) {
    return new PendingCallsLimitExceededException("The actor " + actor.toHex() + " already has " + limit
        + " calls pending from this handle, its maxPendingCalls: wait for some to finish (get their results) before"
        + " calling again.", actor);
  }
}
