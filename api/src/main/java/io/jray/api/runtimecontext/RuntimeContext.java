package io.jray.api.runtimecontext;

import io.jray.api.id.ActorId;
import io.jray.api.id.JobId;
import io.jray.api.id.NodeId;
import io.jray.api.id.TaskId;
import java.util.List;

/** What the code calling it runs in: job, task, actor, node, namespace, and the cluster's nodes. */
public interface RuntimeContext {

  JobId getCurrentJobId();

  /** The id of the running task; in a driver, the driver's own task id. */
  TaskId getCurrentTaskId();

  /**
   * The id of the actor this code runs in.
   *
   * @throws IllegalStateException when not called from an actor (in a driver or a normal task)
   */
  ActorId getCurrentActorId();

  /** The id of the node this code runs on. */
  NodeId getCurrentNodeId();

  /** Whether the current actor was restarted; only valid inside an actor. */
  boolean wasCurrentActorRestarted();

  String getNamespace();

  /** The GPUs assigned to the current task or actor; empty when none. */
  List<Long> getGpuIds();

  /** Every node the cluster knows, alive or dead. */
  List<NodeInfo> getAllNodeInfo();

  /** Whether tasks run in this process instead of on a cluster; jray always uses a cluster. */
  default boolean isLocalMode() {
    return false;
  }
}
