package io.jray.dropin;

import io.jray.proto.NodeState;
import io.jray.runtime.gcs.GcsClient;
import io.ray.api.BaseActorHandle;
import io.ray.api.id.ActorId;
import io.ray.api.id.JobId;
import io.ray.api.id.TaskId;
import io.ray.api.id.UniqueId;
import io.ray.api.runtimecontext.ActorInfo;
import io.ray.api.runtimecontext.ActorState;
import io.ray.api.runtimecontext.Address;
import io.ray.api.runtimecontext.NodeInfo;
import io.ray.api.runtimecontext.RuntimeContext;
import io.ray.api.runtimeenv.RuntimeEnv;
import java.util.List;

/**
 * Ray's {@code Ray.getRuntimeContext()} over jray's: the current job, task, actor and node as Ray's ids, and the
 * cluster's nodes and actors as the GCS reports them now.
 */
final class RayRuntimeContext implements RuntimeContext {
  private final io.jray.api.runtimecontext.RuntimeContext context;
  private final GcsClient gcs;

  RayRuntimeContext(io.jray.api.runtimecontext.RuntimeContext context, GcsClient gcs) {
    this.context = context;
    this.gcs = gcs;
  }

  @Override
  public JobId getCurrentJobId() {
    return RayIds.job(context.getCurrentJobId());
  }

  @Override
  public TaskId getCurrentTaskId() {
    return RayIds.task(context.getCurrentTaskId());
  }

  /** @throws IllegalStateException when not called from an actor, as in Ray */
  @Override
  public ActorId getCurrentActorId() {
    return RayIds.actor(context.getCurrentActorId());
  }

  @Override
  public boolean wasCurrentActorRestarted() {
    return context.wasCurrentActorRestarted();
  }

  @Override
  public boolean isLocalMode() {
    return context.isLocalMode();
  }

  @Override
  public List<NodeInfo> getAllNodeInfo() {
    if (gcs == null) { // local mode: this JVM is the one node
      return context.getAllNodeInfo().stream().map(n -> new NodeInfo(RayIds.node(n.nodeId), n.nodeAddress,
          n.nodeAddress, 0, "", "", n.isAlive, n.resources, n.labels)).toList();
    }
    return RayExceptions.translated(() -> gcs.getAllNodeInfo().stream().map(n -> new NodeInfo(
        RayIds.node(n.getNodeId().toByteArray()), n.getNodeIp(),
        n.getHostname().isEmpty() ? n.getNodeIp() : n.getHostname(), n.getNodeManagerPort(),
        "", "", n.getState() == NodeState.NODE_ALIVE, n.getTotal().getAmountsMap(), n.getLabelsMap())).toList());
  }

  @Override
  public List<ActorInfo> getAllActorInfo() {
    if (gcs == null) {
      return List.of(); // local mode keeps no actor table
    }
    return RayExceptions.translated(() -> gcs.getAllActorInfo().stream().map(RayRuntimeContext::actorInfo).toList());
  }

  @Override
  public List<ActorInfo> getAllActorInfo(JobId jobId, ActorState actorState) {
    return getAllActorInfo().stream()
        .filter(a -> jobId == null || a.actorId.getJobId().equals(jobId))
        .filter(a -> actorState == null || a.state == actorState)
        .toList();
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T extends BaseActorHandle> T getCurrentActorHandle() {
    return (T) new RayActorHandle<>(getCurrentActorId().getBytes().clone());
  }

  @Override
  public List<Long> getGpuIds() {
    return context.getGpuIds();
  }

  @Override
  public String getNamespace() {
    return context.getNamespace();
  }

  @Override
  public UniqueId getCurrentNodeId() {
    return RayIds.node(context.getCurrentNodeId());
  }

  @Override
  public RuntimeEnv getCurrentRuntimeEnv() {
    throw NotInJray.runtimeEnv();
  }

  private static ActorInfo actorInfo(io.jray.proto.ActorInfo a) {
    ActorState state = switch (a.getState()) {
      case ACTOR_PENDING -> ActorState.PENDING_CREATION;
      case ACTOR_ALIVE -> ActorState.ALIVE;
      case ACTOR_RESTARTING -> ActorState.RESTARTING;
      case ACTOR_DEAD, UNRECOGNIZED -> ActorState.DEAD;
    };
    UniqueId node = a.getNodeId().size() == UniqueId.LENGTH ? RayIds.node(a.getNodeId().toByteArray()) : UniqueId.NIL;
    Address address = new Address(node, a.getAddress().getIp(), a.getAddress().getPort());
    return new ActorInfo(ActorId.fromBytes(a.getActorId().toByteArray()), state, a.getNumRestarts(), address,
        a.getName());
  }
}
