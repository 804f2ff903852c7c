package io.jray.runtime.local;

import io.jray.api.id.ActorId;
import io.jray.api.id.JobId;
import io.jray.api.id.NodeId;
import io.jray.api.id.TaskId;
import io.jray.api.runtimecontext.NodeInfo;
import io.jray.api.runtimecontext.RuntimeContext;
import java.util.List;
import java.util.Map;

/** {@code Ray.getRuntimeContext()} in local mode: one job, one node (this JVM), the current thread's task. */
final class LocalRuntimeContext implements RuntimeContext {
  private final JobId jobId;
  private final NodeId nodeId;
  private final String namespace;
  private final LocalTaskFrames frames;

  LocalRuntimeContext(JobId jobId, NodeId nodeId, String namespace, LocalTaskFrames frames) {
    this.jobId = jobId;
    this.nodeId = nodeId;
    this.namespace = namespace;
    this.frames = frames;
  }

  @Override
  public JobId getCurrentJobId() {
    return jobId;
  }

  @Override
  public TaskId getCurrentTaskId() {
    LocalTaskFrames.Frame frame = frames.current();
    return frame == null ? TaskId.NIL : TaskId.fromBytes(frame.taskId().toByteArray());
  }

  @Override
  public ActorId getCurrentActorId() {
    LocalTaskFrames.Frame frame = frames.current();
    if (frame == null || frame.actorId() == null) {
      throw new IllegalStateException("getCurrentActorId() is not called from an actor: it may only be called from"
          + " an actor's code, not from a driver or a normal task.");
    }
    return frame.actorId();
  }

  @Override
  public NodeId getCurrentNodeId() {
    return nodeId;
  }

  @Override
  public boolean wasCurrentActorRestarted() {
    LocalTaskFrames.Frame frame = frames.current();
    return frame != null && frame.actorRestarted();
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
    return List.of(new NodeInfo(nodeId, "127.0.0.1", true,
        Map.of("CPU", (double) Runtime.getRuntime().availableProcessors()), Map.of()));
  }

  @Override
  public boolean isLocalMode() {
    return true;
  }
}
