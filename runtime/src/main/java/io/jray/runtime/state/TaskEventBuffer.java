package io.jray.runtime.state;

import com.google.protobuf.ByteString;
import io.jray.proto.Address;
import io.jray.proto.TaskEvent;
import io.jray.proto.TaskSpec;
import io.jray.proto.TaskStatus;
import io.jray.runtime.function.FunctionDescriptors;
import io.jray.runtime.object.StoredObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state changes of the tasks this process owns since the last report (Ray's TaskEventBuffer): only the
 * latest state of each task is kept, so a burst of tasks costs one event each per report. Thread-safe.
 */
public final class TaskEventBuffer {
  private Map<ByteString, TaskEvent> changed = new LinkedHashMap<>();

  public void submitted(TaskSpec spec, boolean waitsForArgs) {
    record(spec, waitsForArgs ? TaskStatus.TASK_PENDING_ARGS_AVAIL : TaskStatus.TASK_PENDING_NODE_ASSIGNMENT, null, null, null);
  }

  public void pending(TaskSpec spec) {
    record(spec, TaskStatus.TASK_PENDING_NODE_ASSIGNMENT, null, null, null);
  }

  public void pushed(TaskSpec spec, ByteString nodeId, Address worker) {
    record(spec, TaskStatus.TASK_SUBMITTED_TO_WORKER, nodeId, worker, null);
  }

  public void finished(TaskSpec spec, StoredObject result) {
    boolean failed = result != null && result.isError();
    record(spec, failed ? TaskStatus.TASK_FAILED : TaskStatus.TASK_FINISHED, null, null,
        failed ? result.error().getType().name() : null);
  }

  private void record(TaskSpec spec, TaskStatus state, ByteString nodeId, Address worker, String errorType) {
    TaskEvent.Builder event = TaskEvent.newBuilder()
        .setTaskId(spec.getTaskId())
        .setJobId(spec.getJobId())
        .setName(spec.getName())
        .setFuncName(FunctionDescriptors.displayName(spec.getFunction()))
        .setType(spec.getActorId().isEmpty() ? "NORMAL_TASK" : "ACTOR_TASK")
        .setState(state)
        .setAttempt(spec.getAttempt())
        .setTimeMs(System.currentTimeMillis())
        .setActorId(spec.getActorId())
        .setRequiredResources(spec.getResources());
    if (nodeId != null) {
      event.setNodeId(nodeId);
    }
    if (worker != null) {
      event.setWorkerAddress(worker);
    }
    if (errorType != null) {
      event.setErrorType(errorType);
    }
    synchronized (this) {
      TaskEvent before = changed.get(spec.getTaskId());
      if (nodeId == null && before != null && before.getAttempt() == spec.getAttempt() && !before.getNodeId().isEmpty()) {
        // pushed and finished within one report: keep where it ran
        event.setNodeId(before.getNodeId()).setWorkerAddress(before.getWorkerAddress());
      }
      changed.put(spec.getTaskId(), event.build());
    }
  }

  /** The events since the last call, in the order their tasks first changed. */
  public synchronized List<TaskEvent> drain() {
    if (changed.isEmpty()) {
      return List.of();
    }
    List<TaskEvent> out = new ArrayList<>(changed.values());
    changed = new LinkedHashMap<>();
    return out;
  }
}
