package io.jray.dropintests.drivers;

import io.ray.api.ActorHandle;
import io.ray.api.ObjectRef;
import io.ray.api.Ray;
import io.ray.api.concurrencygroup.ConcurrencyGroupBuilder;
import io.ray.api.exception.PendingCallsLimitExceededException;

/** Ray's concurrency groups (annotations, builder, per call) and max pending calls, unchanged. */
public final class ConcurrencyGroups {
  private ConcurrencyGroups() {}

  public static void main(String[] args) {
    Ray.init();
    Report.line("localMode", Ray.getRuntimeContext().isLocalMode());
    ActorHandle<GroupedActor> actor = Ray.actor(GroupedActor::new)
        .setConcurrencyGroups(new ConcurrencyGroupBuilder<GroupedActor>().setName("control").setMaxConcurrency(1)
            .addMethod(GroupedActor::openSecond).build())
        .remote();
    ObjectRef<Boolean> first = actor.task(GroupedActor::awaitFirst).remote();
    actor.task(GroupedActor::openFirst).remote().get();
    Report.line("annotatedGroup", first.get());
    ObjectRef<Boolean> second = actor.task(GroupedActor::awaitSecond).remote();
    actor.task(GroupedActor::openSecond).remote().get();
    Report.line("builderGroup", second.get());
    ObjectRef<Boolean> third = actor.task(GroupedActor::awaitThird).remote();
    actor.task(GroupedActor::openThird).setConcurrencyGroup("io").remote().get();
    Report.line("callGroup", third.get());

    ActorHandle<GroupedActor> limited = Ray.actor(GroupedActor::new).setMaxPendingCalls(1).remote();
    ObjectRef<Integer> busy = limited.task(GroupedActor::slow, 2000).remote();
    try {
      limited.task(GroupedActor::slow, 1).remote();
      Report.line("pastLimit", "accepted");
    } catch (PendingCallsLimitExceededException e) {
      Report.line("pastLimit", e.getClass().getSimpleName() + ":" + limited.getId().equals(e.actorId));
    }
    busy.get();
    Report.line("afterLimit", limited.task(GroupedActor::slow, 1).remote().get());
    Ray.shutdown();
    Report.line("done", true);
  }
}
