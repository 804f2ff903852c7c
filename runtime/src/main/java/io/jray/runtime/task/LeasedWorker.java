package io.jray.runtime.task;

import io.jray.proto.Address;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One worker leased from a raylet and the stream its tasks travel on: tasks are pipelined (several in flight,
 * run one at a time in arrival order by the worker) while they prove short, so a burst of small tasks costs
 * one stream message each instead of a round trip each. Long tasks go one at a time, so none waits behind
 * another on a busy worker while a free one could take it. Guarded by the owning {@link TaskSubmitter}.
 */
final class LeasedWorker {
  final long leaseId;
  final Address worker;
  final com.google.protobuf.ByteString nodeId;
  final Address raylet;
  final SchedulingKey key;
  private final Map<Long, TaskSubmitter.PendingTask> inflight = new LinkedHashMap<>();
  private volatile WorkerClient.TaskStream stream;
  /** Set, under the submitter's lock, when the submitter gives the lease back; its stream's end is then expected. */
  private boolean returned;
  private long nextSeq;
  /** Smoothed run time of this worker's recent tasks, as the worker measured it; negative until one finished. */
  private double runNanos = -1;
  long idleSinceNanos = System.nanoTime();

  LeasedWorker(long leaseId, Address worker, com.google.protobuf.ByteString nodeId, Address raylet, SchedulingKey key) {
    this.leaseId = leaseId;
    this.worker = worker;
    this.nodeId = nodeId;
    this.raylet = raylet;
    this.key = key;
  }

  void open(WorkerClient.TaskStream requests) {
    this.stream = requests;
  }

  /** Whether the lease is still the submitter's: granted, its stream open, not given back. */
  boolean isOpen() {
    return stream != null && !returned;
  }

  void markReturned() {
    returned = true;
  }

  int inflight() {
    return inflight.size();
  }

  /** Whether one more task may go to this worker now. */
  boolean canTakeMore(int maxInFlight, long shortTaskNanos) {
    if (inflight.isEmpty()) {
      return true;
    }
    return inflight.size() < maxInFlight && runNanos >= 0 && runNanos < shortTaskNanos;
  }

  /** Sends a task; the caller must hold the submitter's lock, which keeps sequence numbers in stream order. */
  void send(TaskSubmitter.PendingTask task) {
    long seq = nextSeq++;
    inflight.put(seq, task);
    stream.push(task.spec, seq);
  }

  /**
   * The task a reply answers, or null. {@code ran} is the worker's own measure of the task, so a loaded
   * network or machine does not make short tasks look long.
   */
  TaskSubmitter.PendingTask replied(long seq, long ran) {
    TaskSubmitter.PendingTask task = inflight.remove(seq);
    if (task == null) {
      return null;
    }
    runNanos = runNanos < 0 ? ran : 0.7 * runNanos + 0.3 * ran;
    if (inflight.isEmpty()) {
      idleSinceNanos = System.nanoTime();
    }
    return task;
  }

  /** The stream broke: every task on it, in the order they were sent. */
  java.util.List<TaskSubmitter.PendingTask> drain() {
    java.util.List<TaskSubmitter.PendingTask> tasks = java.util.List.copyOf(inflight.values());
    inflight.clear();
    stream = null;
    return tasks;
  }

  /** Ends the stream (the worker finished everything on it). */
  void close() {
    if (stream != null) {
      stream.end();
      stream = null;
    }
  }
}
