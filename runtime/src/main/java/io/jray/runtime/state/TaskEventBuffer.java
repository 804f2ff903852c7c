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
 * latest state of each task is kept, so a burst of tasks costs one event each per report, built off the
 * task path when the report is sent. Thread-safe.
 */
public final class TaskEventBuffer {
  /** A state change as recorded on the task's path: cheap; the proto is built when the report is sent. */
  private record Change(TaskSpec spec, TaskStatus state, long timeMs, ByteString nodeId, Address worker,
      String errorType, long pushedMs) {}

  private Map<ByteString, Change> changed = new LinkedHashMap<>();

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
    long now = System.currentTimeMillis();
    synchronized (this) {
      Change before = changed.get(spec.getTaskId());
      long pushedMs = state == TaskStatus.TASK_SUBMITTED_TO_WORKER ? now : 0;
      if (nodeId == null && before != null && before.nodeId() != null && before.spec().getAttempt() == spec.getAttempt()) {
        // pushed and finished within one report: keep where it ran, and when it started there
        nodeId = before.nodeId();
        worker = before.worker();
        pushedMs = before.pushedMs();
      }
      changed.put(spec.getTaskId(), new Change(spec, state, now, nodeId, worker, errorType, pushedMs));
    }
  }

  /** The events since the last call, in the order their tasks first changed. */
  public List<TaskEvent> drain() {
    Map<ByteString, Change> batch;
    synchronized (this) {
      if (changed.isEmpty()) {
        return List.of();
      }
      batch = changed;
      changed = new LinkedHashMap<>();
    }
    List<TaskEvent> out = new ArrayList<>(batch.size());
    for (Change c : batch.values()) {
      out.add(event(c));
    }
    return out;
  }

  private static TaskEvent event(Change c) {
    TaskSpec spec = c.spec();
    TaskEvent.Builder event = TaskEvent.newBuilder()
        .setTaskId(spec.getTaskId())
        .setJobId(spec.getJobId())
        .setName(spec.getName())
        .setFuncName(FunctionDescriptors.displayName(spec.getFunction()))
        .setType(spec.getActorId().isEmpty() ? "NORMAL_TASK" : "ACTOR_TASK")
        .setState(c.state())
        .setAttempt(spec.getAttempt())
        .setTimeMs(c.timeMs())
        .setActorId(spec.getActorId())
        .setRequiredResources(spec.getResources());
    if (c.nodeId() != null) {
      event.setNodeId(c.nodeId());
    }
    if (c.worker() != null) {
      event.setWorkerAddress(c.worker());
    }
    if (c.errorType() != null) {
      event.setErrorType(c.errorType());
    }
    if (c.pushedMs() > 0) {
      event.setStartTimeMs(c.pushedMs());
    }
    if (c.state() == TaskStatus.TASK_FINISHED || c.state() == TaskStatus.TASK_FAILED) {
      event.setEndTimeMs(c.timeMs());
    }
    return event.build();
  }
}
