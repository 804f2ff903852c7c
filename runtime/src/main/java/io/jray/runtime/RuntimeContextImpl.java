package io.jray.runtime;

import com.google.protobuf.ByteString;
import io.jray.api.id.ActorId;
import io.jray.api.id.JobId;
import io.jray.api.id.NodeId;
import io.jray.api.id.TaskId;
import io.jray.api.runtimecontext.NodeInfo;
import io.jray.api.runtimecontext.RuntimeContext;
import io.jray.proto.NodeState;
import java.util.List;

/** {@code Ray.getRuntimeContext()}: ids of the current job, task and node, and the cluster's nodes. */
final class RuntimeContextImpl implements RuntimeContext {
  private final CoreWorker core;
  private final String namespace;

  RuntimeContextImpl(CoreWorker core, String namespace) {
    this.core = core;
    this.namespace = namespace;
  }

  @Override
  public JobId getCurrentJobId() {
    return JobId.fromBytes(core.jobId().toByteArray());
  }

  @Override
  public TaskId getCurrentTaskId() {
    ByteString current = core.taskContext().currentTaskId();
    return current == null ? TaskId.NIL : TaskId.fromBytes(current.toByteArray());
  }

  @Override
  public ActorId getCurrentActorId() {
    ByteString actor = core.taskContext().actorId();
    if (actor == null) {
      // As Ray: a driver or a normal task has no actor id, and a NIL one would pass for an id unnoticed.
      throw new IllegalStateException("getCurrentActorId() is not called from an actor: it may only be called from"
          + " an actor's code, not from a driver or a normal task.");
    }
    return ActorId.fromBytes(actor.toByteArray());
  }

  @Override
  public NodeId getCurrentNodeId() {
    return NodeId.fromBytes(core.nodeId().toByteArray());
  }

  @Override
  public boolean wasCurrentActorRestarted() {
    return core.taskContext().actorRestarted();
  }

  @Override
  public String getNamespace() {
    return namespace;
  }

  @Override
  public List<Long> getGpuIds() {
    return List.of();
  }

  @Override
  public List<NodeInfo> getAllNodeInfo() {
    return core.gcs().getAllNodeInfo().stream().map(n -> new NodeInfo(
        NodeId.fromBytes(n.getNodeId().toByteArray()), n.getNodeIp(), n.getState() == NodeState.NODE_ALIVE,
        n.getTotal().getAmountsMap(), n.getLabelsMap())).toList();
  }
}
