package io.jray.runtime.actor;

import io.jray.api.concurrencygroup.ConcurrencyGroup;
import io.jray.proto.ConcurrencyGroupSpec;
import io.jray.runtime.function.FunctionDescriptors;
import java.util.List;

/** An actor's concurrency groups in the creation task's terms (methods by descriptor). */
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
}
