package io.jray.dropintests.drivers;

import io.ray.api.ActorHandle;
import io.ray.api.PlacementGroups;
import io.ray.api.Ray;
import io.ray.api.id.ActorId;
import io.ray.api.id.JobId;
import io.ray.api.id.PlacementGroupId;
import io.ray.api.id.UniqueId;
import io.ray.api.options.PlacementGroupCreationOptions;
import io.ray.api.placementgroup.PlacementGroup;
import io.ray.api.placementgroup.PlacementGroupState;
import io.ray.api.placementgroup.PlacementStrategy;
import io.ray.api.runtimecontext.ActorState;
import io.ray.api.runtimecontext.RuntimeContext;
import java.util.List;
import java.util.Map;

/** A placement group spread over both nodes, and what the runtime context and Ray's ids tell. */
public final class PlacementAndContext {
  private PlacementAndContext() {}

  public static void main(String[] args) throws InterruptedException {
    Ray.init();
    PlacementGroup group = PlacementGroups.createPlacementGroup(new PlacementGroupCreationOptions.Builder()
        .setName("spread-pair").setBundles(List.of(Map.of("CPU", 1.0), Map.of("CPU", 1.0)))
        .setStrategy(PlacementStrategy.STRICT_SPREAD).build());
    Report.line("groupReady", group.wait(60));
    Report.line("groupState", PlacementGroups.getPlacementGroup(group.getId()).getState());
    Report.line("groupByName", PlacementGroups.getPlacementGroup("spread-pair").getId().equals(group.getId()));
    Report.line("groupListed", PlacementGroups.getAllPlacementGroups().stream()
        .anyMatch(g -> g.getId().equals(group.getId())));
    String bundle0 = Ray.task(Fns::nodeId).setPlacementGroup(group, 0).remote().get();
    String bundle1 = Ray.task(Fns::nodeId).setPlacementGroup(group, 1).remote().get();
    Report.line("bundlesOnTwoNodes", !bundle0.equals(bundle1));
    ActorHandle<Counter> placed = Ray.actor(Counter::new, 0).setPlacementGroup(group, 1).remote();
    Report.line("actorInBundle1", placed.task(Counter::nodeId).remote().get().equals(bundle1));

    RuntimeContext context = Ray.getRuntimeContext();
    Report.line("namespace", context.getNamespace());
    Report.line("nodes", context.getAllNodeInfo().size());
    Report.line("nodesAlive", context.getAllNodeInfo().stream().allMatch(n -> n.isAlive));
    Report.line("driverNodeListed", context.getAllNodeInfo().stream()
        .anyMatch(n -> n.nodeId.equals(context.getCurrentNodeId())));
    Report.line("taskJobIdMatches", Ray.task(Fns::jobId).remote().get().equals(context.getCurrentJobId().toString()));
    Report.line("taskIdLength", Ray.task(Fns::taskIdLength).remote().get());
    Report.line("actorListedAlive", context.getAllActorInfo().stream()
        .anyMatch(a -> a.actorId.equals(placed.getId()) && a.state == ActorState.ALIVE));
    Report.line("actorJobIsThisJob", placed.getId().getJobId().equals(context.getCurrentJobId()));
    try {
      context.getCurrentActorId();
      Report.line("driverActorId", "given");
    } catch (IllegalStateException e) {
      Report.line("driverActorId", "IllegalStateException");
    }
    Report.line("idLengths", List.of(context.getCurrentJobId().getBytes().length, placed.getId().getBytes().length,
        group.getId().getBytes().length, context.getCurrentNodeId().getBytes().length));
    Report.line("idsRoundTrip", JobId.fromBytes(context.getCurrentJobId().getBytes()).equals(context.getCurrentJobId())
        && ActorId.fromBytes(placed.getId().getBytes()).equals(placed.getId())
        && PlacementGroupId.fromBytes(group.getId().getBytes()).equals(group.getId())
        && UniqueId.fromBytes(context.getCurrentNodeId().getBytes()).equals(context.getCurrentNodeId()));

    placed.kill();
    PlacementGroups.removePlacementGroup(group.getId());
    PlacementGroupState state = null;
    for (int i = 0; i < 100 && state != PlacementGroupState.REMOVED; i++) {
      state = PlacementGroups.getPlacementGroup(group.getId()).getState();
      Thread.sleep(100);
    }
    Report.line("removedState", state);
    Ray.shutdown();
    Report.line("done", true);
  }
}
