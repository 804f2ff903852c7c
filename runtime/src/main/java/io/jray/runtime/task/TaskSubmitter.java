package io.jray.runtime.task;

import io.jray.runtime.process.DaemonThreads;
import com.google.protobuf.ByteString;
import io.jray.proto.Address;
import io.jray.proto.ErrorType;
import io.jray.proto.JobPackage;
import io.jray.proto.NodeInfo;
import io.jray.proto.PushTaskReply;
import io.jray.proto.TaskSpec;
import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.object.RayErrors;
import io.jray.runtime.object.ReferenceCounter;
import io.jray.runtime.object.StoredObject;
import io.jray.runtime.state.TaskEventBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The owner side of normal tasks (Ray's normal task submitter, ownership model): once a task's own arguments
 * are known ({@link DependencyWaiter}) it is queued by scheduling key; queued tasks are dispatched to the
 * workers leased for their key (pipelining short ones), more leases are asked for while tasks wait
 * ({@link LeaseRequester}, behind {@link RayletClient}), a lease idle for a while is given back, a worker's
 * death retries what ran on it, and a task's end goes to the {@link TaskManager}. Workers are reached through
 * {@link WorkerClient}, so all of it runs without a cluster in tests. State is guarded by {@code this}. Task
 * replies are handled on the network thread that read them, so nothing on their path blocks.
 */
public final class TaskSubmitter implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(TaskSubmitter.class.getName());
  /** Lease requests in flight per scheduling key, at most (Ray's max_pending_lease_requests_per_scheduling_category). */
  private static final int MAX_PENDING_LEASES = 10;

  private final RayletClient raylets;
  private final WorkerClient workers;
  private final TaskManager tasks;
  private final ReferenceCounter refs;
  private final TaskEventBuffer events;
  private final LeaseRequester leaser;
  private final Map<SchedulingKey, ShapeQueue> queues = new HashMap<>();
  private final Map<ByteString, PendingTask> byReturnId = new HashMap<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("lease-timer"));
  /**
   * Sends lease requests: dispatch also runs on network threads (a reply frees a worker), which must not block,
   * and a job's first request uploads its packages. Apart from the timer, whose placement group checks wait on
   * the GCS.
   */
  private final ExecutorService leaseSender = Executors.newSingleThreadExecutor(DaemonThreads.named("lease-requests"));
  /** Reads the GCS's node table for the lease policy (it may wait out a restarting GCS). */
  private final ExecutorService nodeTableReader = Executors.newSingleThreadExecutor(DaemonThreads.named("lease-nodes"));
  private boolean closed;

  static final class PendingTask {
    /** As submitted: its ref arguments are released when it finishes (spec has them inlined once resolved). */
    final TaskSpec submitted;
    TaskSpec spec;
    /** Its queue's key, once its arguments are known. */
    SchedulingKey key;
    int retriesLeft;
    boolean cancelled;
    boolean finished;
    LeasedWorker runningOn;

    PendingTask(TaskSpec spec) {
      this.submitted = spec;
      this.spec = spec;
      this.retriesLeft = spec.getMaxRetries();
    }
  }

  private static final class ShapeQueue {
    final Deque<PendingTask> tasks = new ArrayDeque<>();
    final List<LeasedWorker> leases = new ArrayList<>();
    int leaseRequests;
    boolean releaseScheduled;
  }

  /**
   * @param localRaylet where leases are asked for (unless the lease policy names the node holding a task's data)
   * @param nodes the GCS's node table, for the lease policy; may throw when the GCS cannot be asked
   * @param feasible whether some live node's total resources fit a shape (asked when a lease request times out)
   * @param placementGroupRemoved whether a placement group is removed or unknown (asked when a bundle lease is
   *     refused)
   */
  public TaskSubmitter(RayletClient raylets, WorkerClient workers, TaskManager tasks, ReferenceCounter refs,
      TaskEventBuffer events, Address localRaylet, ByteString jobId, Supplier<List<JobPackage>> jobPackages,
      Supplier<List<NodeInfo>> nodes, Predicate<Map<String, Double>> feasible,
      Predicate<ByteString> placementGroupRemoved) {
    this.raylets = raylets;
    this.workers = workers;
    this.tasks = tasks;
    this.refs = refs;
    this.events = events;
    this.leaser = new LeaseRequester(raylets, localRaylet, jobId, jobPackages, feasible, placementGroupRemoved,
        leaseSender, timer, new LocalityLeasePolicy(nodes, nodeTableReader)::firstRaylet, new LeaseEnds());
  }

  /**
   * Submits a task whose owned dependencies are in {@code dependencies} (arg index -> future). The return
   * object's future is created pending in the memory store by the caller.
   */
  public void submit(TaskSpec spec, Map<Integer, CompletableFuture<StoredObject>> dependencies) {
    PendingTask task = new PendingTask(spec);
    refs.useArgs(spec);
    events.submitted(spec, !dependencies.isEmpty());
    synchronized (this) {
      byReturnId.put(spec.getReturnId(), task);
    }
    DependencyWaiter.whenResolved(spec, dependencies, (resolved, args) -> {
      if (!dependencies.isEmpty()) {
        task.spec = resolved;
        events.pending(task.spec);
      }
      enqueue(task, SchedulingKey.of(resolved, LocalityLeasePolicy.preferredStore(resolved, args)));
    }, error -> finish(task, error));
  }

  private void enqueue(PendingTask task, SchedulingKey key) {
    synchronized (this) {
      if (task.cancelled) {
        return;
      }
      task.key = key;
      queue(key).tasks.add(task);
    }
    dispatch(key);
  }

  private ShapeQueue queue(SchedulingKey key) {
    return queues.computeIfAbsent(key, k -> new ShapeQueue());
  }

  /** Hands queued tasks to leased workers (pipelining short ones) and asks for more leases while tasks wait. */
  private void dispatch(SchedulingKey key) {
    List<Runnable> actions = new ArrayList<>();
    synchronized (this) {
      if (closed) {
        return;
      }
      ShapeQueue q = queue(key);
      int maxInFlight = (int) (long) JrayConfig.MAX_TASKS_IN_FLIGHT_PER_WORKER.get();
      long shortTaskNanos = TimeUnit.MICROSECONDS.toNanos(JrayConfig.PIPELINED_TASK_MAX_US.get());
      while (!q.tasks.isEmpty()) {
        LeasedWorker target = null;
        for (LeasedWorker lease : q.leases) {
          if (lease.canTakeMore(maxInFlight, shortTaskNanos)
              && (target == null || lease.inflight() < target.inflight())) {
            target = lease;
          }
        }
        if (target == null) {
          break;
        }
        PendingTask task = q.tasks.poll();
        task.runningOn = target;
        target.send(task);
        events.pushed(task.spec, target.nodeId, target.worker);
      }
      int wanted = Math.min(q.tasks.size(), MAX_PENDING_LEASES) - q.leaseRequests;
      for (int i = 0; i < wanted; i++) {
        q.leaseRequests++;
        actions.add(() -> leaser.request(key));
      }
      if (q.tasks.isEmpty() && !q.releaseScheduled && q.leases.stream().anyMatch(l -> l.inflight() == 0)) {
        q.releaseScheduled = true;
        actions.add(() -> later(() -> releaseIdle(key), JrayConfig.WORKER_LEASE_IDLE_MS.get()));
      }
    }
    actions.forEach(Runnable::run);
  }

  /** Runs {@code action} on the lease timer after {@code delayMs}; once closed, not at all (close() cleans up). */
  private void later(Runnable action, long delayMs) {
    try {
      timer.schedule(action, delayMs, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException shuttingDown) {
      // closed meanwhile: close() returns every lease and fails what is left
    }
  }

  /** Returns the leases idle for a whole idle period (a sync loop's lease, idle for microseconds, stays). */
  private void releaseIdle(SchedulingKey key) {
    List<LeasedWorker> release = new ArrayList<>();
    long nextCheckMs = -1;
    synchronized (this) {
      ShapeQueue q = queue(key);
      q.releaseScheduled = false;
      if (closed || !q.tasks.isEmpty()) {
        return;
      }
      long idleNanos = TimeUnit.MILLISECONDS.toNanos(JrayConfig.WORKER_LEASE_IDLE_MS.get());
      long now = System.nanoTime();
      for (LeasedWorker lease : List.copyOf(q.leases)) {
        if (lease.inflight() > 0) {
          continue;
        }
        long idleFor = now - lease.idleSinceNanos;
        if (idleFor >= idleNanos) {
          q.leases.remove(lease);
          lease.markReturned();
          release.add(lease);
        } else {
          long waitMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(idleNanos - idleFor));
          nextCheckMs = nextCheckMs < 0 ? waitMs : Math.min(nextCheckMs, waitMs);
        }
      }
      if (nextCheckMs >= 0) {
        q.releaseScheduled = true;
      }
    }
    release.forEach(l -> returnLease(l, false));
    if (nextCheckMs >= 0) {
      later(() -> releaseIdle(key), nextCheckMs);
    }
  }

  private void leaseGranted(SchedulingKey key, LeasedWorker lease) {
    boolean keep;
    synchronized (this) {
      ShapeQueue q = queue(key);
      q.leaseRequests--;
      keep = !closed;
      if (keep) {
        lease.open(workers.openTaskStream(lease.worker, replies(lease)));
        q.leases.add(lease);
      }
    }
    if (!keep) {
      returnLease(lease, false);
      return;
    }
    dispatch(key);
  }

  private void noLeaseFor(SchedulingKey key) {
    synchronized (this) {
      queue(key).leaseRequests--;
    }
    dispatch(key);
  }

  private int failAllWaiting(SchedulingKey key, ErrorType type, Function<String, String> message) {
    List<PendingTask> failed;
    synchronized (this) {
      ShapeQueue q = queue(key);
      q.leaseRequests--;
      failed = new ArrayList<>(q.tasks);
      q.tasks.clear();
    }
    for (PendingTask task : failed) {
      String name = task.spec.getName();
      finish(task, StoredObject.ofError(RayErrors.of(type, name, message.apply(name))));
    }
    dispatch(key);
    return failed.size();
  }

  private boolean tasksWaitFor(SchedulingKey key) {
    synchronized (this) {
      if (!queue(key).tasks.isEmpty()) {
        return true;
      }
      queue(key).leaseRequests--;
      return false;
    }
  }

  private synchronized boolean isClosed() {
    return closed;
  }

  /** How the leaser's request chains end, for this submitter's queues. */
  private final class LeaseEnds implements LeaseRequester.Listener {
    @Override
    public void granted(SchedulingKey key, LeasedWorker lease) {
      leaseGranted(key, lease);
    }

    @Override
    public void noLease(SchedulingKey key) {
      noLeaseFor(key);
    }

    @Override
    public int failWaiting(SchedulingKey key, ErrorType type, Function<String, String> message) {
      return failAllWaiting(key, type, message);
    }

    @Override
    public boolean stillWanted(SchedulingKey key) {
      return tasksWaitFor(key);
    }

    @Override
    public boolean closed() {
      return isClosed();
    }
  }

  /** The results of the tasks on one lease's stream; a broken stream means the worker died. */
  private WorkerClient.Replies replies(LeasedWorker lease) {
    return new WorkerClient.Replies() {
      @Override
      public void replied(long sequenceNumber, PushTaskReply reply) {
        PendingTask task;
        synchronized (TaskSubmitter.this) {
          task = lease.replied(sequenceNumber, reply.getRunNanos());
        }
        if (task == null) {
          return;
        }
        if (reply.hasError()) {
          boolean retry = reply.getError().getType() == ErrorType.TASK_EXCEPTION && task.spec.getRetryExceptions();
          taskDone(task, lease, retry ? null : StoredObject.ofError(reply.getError()), retry);
        } else {
          refs.adoptNested(task.spec.getReturnId(), reply.getNestedRefsList());
          taskDone(task, lease, StoredObject.fromReply(reply), false);
        }
      }

      @Override
      public void lost(String code) {
        workerLost(lease, code);
      }
    };
  }

  /**
   * A lease's stream broke: its worker is gone. The first task on it was running and counts a retry (or fails);
   * the ones queued behind it never started, so they go back to the head of the queue, in order, at no cost.
   */
  private void workerLost(LeasedWorker lease, String code) {
    List<PendingTask> lost;
    List<PendingTask> cancelled = new ArrayList<>();
    synchronized (this) {
      if (!lease.isOpen()) {
        return; // returned by us
      }
      lease.markReturned();
      lost = lease.drain();
      ShapeQueue q = queue(lease.key);
      q.leases.remove(lease);
      for (int i = lost.size() - 1; i >= 1; i--) {
        PendingTask waiting = lost.get(i);
        waiting.runningOn = null;
        if (waiting.cancelled) {
          cancelled.add(waiting);
        } else {
          q.tasks.addFirst(waiting);
        }
      }
    }
    if (!lost.isEmpty()) {
      LOG.warning("worker " + lease.worker.getIp() + ":" + lease.worker.getPort() + " failed while running "
          + lost.get(0).spec.getName() + " (" + (lost.size() - 1) + " more queued there go elsewhere): " + code);
    }
    returnLease(lease, true);
    cancelled.forEach(task -> finish(task, null));
    if (lost.isEmpty()) {
      dispatch(lease.key);
      return;
    }
    PendingTask running = lost.get(0);
    taskDone(running, lease, StoredObject.ofError(RayErrors.of(ErrorType.WORKER_DIED, running.spec.getName(),
        "The worker running " + running.spec.getName() + " died (" + code
            + ") and its retries are used up (max_retries=" + running.spec.getMaxRetries() + ").")), true);
  }

  /**
   * @param result the final result, or null to retry
   * @param retriable whether a retry is allowed when retries remain
   */
  private void taskDone(PendingTask task, LeasedWorker lease, StoredObject result, boolean retriable) {
    boolean retry;
    synchronized (this) {
      ShapeQueue q = queue(lease.key);
      task.runningOn = null;
      retry = retriable && !task.cancelled && (task.retriesLeft != 0) && !closed;
      if (retry) {
        if (task.retriesLeft > 0) {
          task.retriesLeft--;
        }
        task.spec = task.spec.toBuilder().setAttempt(task.spec.getAttempt() + 1).build();
        events.pending(task.spec);
        q.tasks.addFirst(task);
      }
    }
    if (!retry) {
      if (result == null) {
        result = StoredObject.ofError(RayErrors.of(ErrorType.WORKER_DIED, task.spec.getName(), "no result"));
      }
      finish(task, result);
    }
    dispatch(lease.key);
  }

  /** The task ended for good: the task manager records its value (and lineage); the rest is let go. */
  private void finish(PendingTask task, StoredObject result) {
    int retriesLeft;
    synchronized (this) {
      if (task.finished) {
        return;
      }
      task.finished = true;
      byReturnId.remove(task.spec.getReturnId());
      retriesLeft = task.retriesLeft;
    }
    StoredObject outcome = task.cancelled ? StoredObject.ofError(RayErrors.of(ErrorType.TASK_CANCELLED,
        task.spec.getName(), "Task " + task.spec.getName() + " was cancelled.")) : result;
    tasks.taskEnded(task.submitted, task.spec, outcome, retriesLeft);
  }

  private void returnLease(LeasedWorker lease, boolean disconnect) {
    lease.close();
    raylets.returnWorker(lease.raylet, lease.leaseId, disconnect);
  }

  /** Cancels a task by its return id: a queued task never runs; a running one is interrupted (or its worker killed). */
  public boolean cancel(ByteString returnId, boolean force) {
    PendingTask task;
    LeasedWorker runningOn;
    synchronized (this) {
      task = byReturnId.get(returnId);
      if (task == null) {
        return false;
      }
      task.cancelled = true;
      runningOn = task.runningOn;
      if (task.key != null) {
        queue(task.key).tasks.remove(task);
      }
    }
    if (runningOn != null) {
      workers.cancelTask(runningOn.worker, task.spec.getTaskId(), force);
    } else {
      finish(task, null);
    }
    return true;
  }

  /**
   * Returns every held lease; tasks not finished yet fail, as their owner is going away (a get waiting on one
   * in another thread ends with an error instead of hanging).
   */
  @Override
  public void close() {
    List<LeasedWorker> leases = new ArrayList<>();
    List<PendingTask> unfinished;
    synchronized (this) {
      closed = true;
      queues.values().forEach(q -> leases.addAll(q.leases));
      leases.forEach(LeasedWorker::markReturned);
      queues.clear();
      unfinished = new ArrayList<>(byReturnId.values());
    }
    leases.forEach(l -> returnLease(l, false));
    timer.shutdownNow();
    leaseSender.shutdownNow();
    nodeTableReader.shutdownNow();
    for (PendingTask task : unfinished) {
      finish(task, StoredObject.ofError(RayErrors.of(ErrorType.WORKER_DIED, task.spec.getName(),
          "The task " + task.spec.getName() + " did not finish before its owner shut down.")));
    }
  }
}
