package io.jray.gcs;

import com.google.protobuf.ByteString;
import io.jray.proto.AddTaskEventsRequest;
import io.jray.proto.Address;
import io.jray.proto.ListObjectsReply;
import io.jray.proto.ListTasksReply;
import io.jray.proto.ListedObject;
import io.jray.proto.OwnedObject;
import io.jray.proto.TaskEvent;
import io.jray.proto.TaskStatus;
import io.jray.runtime.config.JrayConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every driver and worker reports of its tasks and objects (Ray's GcsTaskManager): the latest state of
 * up to task_events_max tasks, the oldest dropped first, and each reporter's latest list of owned objects,
 * dropped once it stops reporting (its process ended). Serves `jray list tasks|objects`. Thread-safe (synchronized).
 */
public final class TaskEventManager {
  /** A reporter that missed this many report intervals is gone. */
  private static final int STALE_AFTER_INTERVALS = 5;

  private final LinkedHashMap<ByteString, TaskEvent> tasks = new LinkedHashMap<>();
  private final Map<Address, Report> objectReports = new HashMap<>();
  /** Ended jobs, with when they ended (ms). */
  private final Map<ByteString, Long> endedJobs = new HashMap<>();
  /** How long after a job ends its processes' last reports may still come. */
  private final long settleMs;

  private record Report(AddTaskEventsRequest request, long receivedMs) {}

  public TaskEventManager() {
    this(STALE_AFTER_INTERVALS * JrayConfig.TASK_EVENTS_REPORT_INTERVAL_MS.get());
  }

  TaskEventManager(long settleMs) {
    this.settleMs = settleMs;
  }

  /**
   * A job ended: once its processes' last reports are surely in, its tasks that never finished are listed as
   * failed (as Ray's GCS marks them), not as pending forever. Tasks its detached actors start later are not.
   */
  public synchronized void jobFinished(ByteString jobId) {
    endedJobs.put(jobId, System.currentTimeMillis());
  }

  private void failTasksOfEndedJobs() {
    if (endedJobs.isEmpty()) {
      return;
    }
    long settledBefore = System.currentTimeMillis() - settleMs;
    for (Map.Entry<ByteString, TaskEvent> entry : tasks.entrySet()) {
      TaskEvent task = entry.getValue();
      Long ended = endedJobs.get(task.getJobId());
      if (ended != null && ended <= settledBefore && task.getTimeMs() <= ended
          && task.getState().getNumber() < TaskStatus.TASK_FINISHED_VALUE) {
        entry.setValue(task.toBuilder().setState(TaskStatus.TASK_FAILED).setErrorType("WORKER_DIED")
            .setTimeMs(ended).setEndTimeMs(ended).build());
      }
    }
  }

  public synchronized void add(AddTaskEventsRequest request) {
    long max = JrayConfig.TASK_EVENTS_MAX.get();
    for (TaskEvent event : request.getEventsList()) {
      TaskEvent known = tasks.get(event.getTaskId());
      // Events of one task arrive in order from its owner; an older state never replaces a newer one.
      if (known == null || known.getAttempt() < event.getAttempt()) {
        tasks.put(event.getTaskId(), event);
      } else if (known.getAttempt() == event.getAttempt() && known.getState().getNumber() <= event.getState().getNumber()) {
        // a finished task keeps where it ran, reported when it was pushed
        TaskEvent merged = event.getNodeId().isEmpty() && !known.getNodeId().isEmpty()
            ? event.toBuilder().setNodeId(known.getNodeId()).setWorkerAddress(known.getWorkerAddress()).build() : event;
        // and when it started there, reported with an earlier state
        tasks.put(event.getTaskId(), merged.getStartTimeMs() == 0 && known.getStartTimeMs() != 0
            ? merged.toBuilder().setStartTimeMs(known.getStartTimeMs()).build() : merged);
      }
    }
    Iterator<ByteString> oldest = tasks.keySet().iterator();
    while (tasks.size() > max && oldest.hasNext()) {
      oldest.next();
      oldest.remove();
    }
    objectReports.put(request.getReporter(), new Report(request.toBuilder().clearEvents().build(), System.currentTimeMillis()));
    dropStaleReports();
  }

  /** Reporters that stopped reporting ended: their objects went with them. */
  private void dropStaleReports() {
    long staleBefore = System.currentTimeMillis() - STALE_AFTER_INTERVALS * JrayConfig.TASK_EVENTS_REPORT_INTERVAL_MS.get();
    objectReports.values().removeIf(r -> r.receivedMs() < staleBefore);
  }

  /** How many of the kept tasks are in each state, by name: {state name (without TASK_), task name} to count. */
  public synchronized Map<List<String>, Integer> countsByStateAndName() {
    failTasksOfEndedJobs();
    Map<List<String>, Integer> counts = new HashMap<>();
    for (TaskEvent task : tasks.values()) {
      counts.merge(List.of(task.getState().name().replaceFirst("^TASK_", ""), task.getName()), 1, Integer::sum);
    }
    return counts;
  }

  /** The newest {@code limit} tasks (0: all kept), oldest first. */
  public synchronized ListTasksReply listTasks(int limit) {
    failTasksOfEndedJobs();
    List<TaskEvent> all = new ArrayList<>(tasks.values());
    int from = limit <= 0 ? 0 : Math.max(0, all.size() - limit);
    return ListTasksReply.newBuilder().addAllTasks(all.subList(from, all.size())).setTotal(all.size()).build();
  }

  /** Up to {@code limit} (0: all) objects of the reporters still alive. */
  public synchronized ListObjectsReply listObjects(int limit) {
    dropStaleReports();
    ListObjectsReply.Builder reply = ListObjectsReply.newBuilder();
    long total = 0;
    for (Report report : objectReports.values()) {
      AddTaskEventsRequest r = report.request();
      total += r.getObjectsTotal();
      for (OwnedObject object : r.getObjectsList()) {
        if (limit > 0 && reply.getObjectsCount() >= limit) {
          break;
        }
        reply.addObjects(ListedObject.newBuilder().setObject(object).setOwner(r.getReporter())
            .setOwnerPid(r.getPid()).setJobId(r.getJobId()).setNodeId(r.getNodeId()));
      }
    }
    return reply.setTotal(total).build();
  }
}
