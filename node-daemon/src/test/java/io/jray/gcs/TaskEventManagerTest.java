package io.jray.gcs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.jray.proto.AddTaskEventsRequest;
import io.jray.proto.Address;
import io.jray.proto.OwnedObject;
import io.jray.proto.TaskEvent;
import io.jray.proto.TaskStatus;
import org.junit.jupiter.api.Test;

/** The GCS's task and object listing, without gRPC. */
class TaskEventManagerTest {
  private static final Address DRIVER = Address.newBuilder().setIp("127.0.0.1").setPort(5000).build();
  private static final ByteString NODE = ByteString.copyFromUtf8("node-1");

  private static TaskEvent event(String id, TaskStatus state, int attempt, ByteString node) {
    return TaskEvent.newBuilder().setTaskId(ByteString.copyFromUtf8(id)).setName(id).setState(state)
        .setAttempt(attempt).setNodeId(node).build();
  }

  private static AddTaskEventsRequest report(TaskEvent... events) {
    return AddTaskEventsRequest.newBuilder().setReporter(DRIVER).setPid(42).addAllEvents(java.util.List.of(events))
        .addObjects(OwnedObject.newBuilder().setObjectId(ByteString.copyFromUtf8("o1")).setState("READY"))
        .setObjectsTotal(1).build();
  }

  @Test
  void aFinishedTaskKeepsTheNodeItWasPushedTo() {
    TaskEventManager manager = new TaskEventManager();
    manager.add(report(event("t1", TaskStatus.TASK_SUBMITTED_TO_WORKER, 0, NODE)));
    manager.add(report(event("t1", TaskStatus.TASK_FINISHED, 0, ByteString.EMPTY)));
    TaskEvent listed = manager.listTasks(0).getTasks(0);
    assertEquals(TaskStatus.TASK_FINISHED, listed.getState());
    assertEquals(NODE, listed.getNodeId());
  }

  @Test
  void aLateOlderStateNeverReplacesANewerOneButARetryDoes() {
    TaskEventManager manager = new TaskEventManager();
    manager.add(report(event("t1", TaskStatus.TASK_FAILED, 0, NODE)));
    manager.add(report(event("t1", TaskStatus.TASK_SUBMITTED_TO_WORKER, 0, NODE)));
    assertEquals(TaskStatus.TASK_FAILED, manager.listTasks(0).getTasks(0).getState());
    manager.add(report(event("t1", TaskStatus.TASK_PENDING_NODE_ASSIGNMENT, 1, ByteString.EMPTY)));
    assertEquals(1, manager.listTasks(0).getTasks(0).getAttempt());
  }

  @Test
  void listingsAreLimitedToTheNewestTasksAndCarryTheOwnersObjects() {
    TaskEventManager manager = new TaskEventManager();
    for (int i = 0; i < 5; i++) {
      manager.add(report(event("t" + i, TaskStatus.TASK_FINISHED, 0, NODE)));
    }
    assertEquals(java.util.List.of("t3", "t4"), manager.listTasks(2).getTasksList().stream().map(TaskEvent::getName).toList());
    assertEquals(5, manager.listTasks(2).getTotal());
    assertEquals(42, manager.listObjects(0).getObjects(0).getOwnerPid());
    assertEquals(1, manager.listObjects(0).getTotal());
  }

  @Test
  void tasksAJobLeftUnfinishedAreListedAsFailedOnceItEnded() {
    TaskEventManager manager = new TaskEventManager(0);
    ByteString job = ByteString.copyFromUtf8("job-1");
    TaskEvent pending = event("pending", TaskStatus.TASK_PENDING_NODE_ASSIGNMENT, 0, ByteString.EMPTY).toBuilder()
        .setJobId(job).setTimeMs(1).build();
    TaskEvent done = event("done", TaskStatus.TASK_FINISHED, 0, NODE).toBuilder().setJobId(job).setTimeMs(1).build();
    TaskEvent otherJob = event("other", TaskStatus.TASK_SUBMITTED_TO_WORKER, 0, NODE).toBuilder()
        .setJobId(ByteString.copyFromUtf8("job-2")).setTimeMs(1).build();
    manager.add(report(pending, done, otherJob));
    assertEquals(TaskStatus.TASK_PENDING_NODE_ASSIGNMENT, manager.listTasks(0).getTasks(0).getState());

    manager.jobFinished(job);
    java.util.Map<String, TaskEvent> listed = new java.util.HashMap<>();
    manager.listTasks(0).getTasksList().forEach(t -> listed.put(t.getName(), t));
    assertEquals(TaskStatus.TASK_FAILED, listed.get("pending").getState());
    assertEquals("WORKER_DIED", listed.get("pending").getErrorType());
    assertEquals(TaskStatus.TASK_FINISHED, listed.get("done").getState());
    assertEquals(TaskStatus.TASK_SUBMITTED_TO_WORKER, listed.get("other").getState(), "another job's task stays");
  }
}
