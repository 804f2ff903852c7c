package io.jray.runtime.task;

import io.jray.runtime.process.DaemonThreads;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.jray.proto.Address;
import io.jray.proto.CancelTaskRequest;
import io.jray.proto.CancelTaskReply;
import io.jray.proto.ErrorType;
import io.jray.proto.JobPackage;
import io.jray.proto.PushTaskReply;
import io.jray.proto.StreamedTaskReply;
import io.jray.proto.RequestWorkerLeaseReply;
import io.jray.proto.RequestWorkerLeaseRequest;
import io.jray.proto.ReturnWorkerReply;
import io.jray.proto.ReturnWorkerRequest;
import io.jray.proto.TaskSpec;
import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.object.RayErrors;
import io.jray.runtime.object.ReferenceCounter;
import io.jray.runtime.object.StoredObject;
import io.jray.runtime.rpc.PeerChannels;
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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The owner side of normal tasks (Ray's ownership model): waits for the task's own dependencies, leases a
 * worker from the local raylet for the task's resource shape and placement group bundle (following spillbacks),
 * pushes the task straight
 * to the worker, hands its end to the {@link TaskManager}, retries on worker death, and reuses a lease for the
 * next task of the same scheduling key before returning it. State is guarded by {@code this}. Task replies
 * are handled on the network thread that read them, so nothing on their path blocks.
 */
public final class TaskSubmitter implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(TaskSubmitter.class.getName());
  /** Lease requests in flight per scheduling key, at most (Ray's max_pending_lease_requests_per_scheduling_category). */
  private static final int MAX_PENDING_LEASES = 10;
  /**
   * Pause before a refused placement group lease is asked for again (its bundle may be moving, or its group not
   * placed yet); it doubles with each refusal in a row, up to {@link #PLACEMENT_RETRY_MAX_MS}.
   */
  private static final long PLACEMENT_RETRY_MS = 200;
  private static final long PLACEMENT_RETRY_MAX_MS = 3200;

  private final PeerChannels peers;
  private final TaskManager tasks;
  private final ReferenceCounter refs;
  private final TaskEventBuffer events;
  private final Address localRaylet;
  private final ByteString jobId;
  private final Supplier<List<JobPackage>> jobPackages;
  /** Whether some live node's total resources fit a shape (asked only when a lease request times out). */
  private final Predicate<Map<String, Double>> feasible;
  /** Whether a placement group is removed or unknown (asked only when one of its bundle's leases is refused). */
  private final Predicate<ByteString> placementGroupRemoved;
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
  private boolean closed;
  /** How lease requests that find no raylet answering are retried, and when they stop. */
  private final io.jray.runtime.rpc.Backoff retry = io.jray.runtime.rpc.Backoff.standard();

  static final class PendingTask {
    /** As submitted: its ref arguments are released when it finishes (spec has them inlined once resolved). */
    final TaskSpec submitted;
    TaskSpec spec;
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
    boolean warned;
    /** Placement group leases refused in a row (each waits longer before asking again). */
    int bundleMisses;
    boolean releaseScheduled;
  }

  public TaskSubmitter(PeerChannels peers, TaskManager tasks, ReferenceCounter refs, TaskEventBuffer events,
      Address localRaylet, ByteString jobId,
      Supplier<List<JobPackage>> jobPackages, Predicate<Map<String, Double>> feasible,
      Predicate<ByteString> placementGroupRemoved) {
    this.peers = peers;
    this.tasks = tasks;
    this.refs = refs;
    this.events = events;
    this.localRaylet = localRaylet;
    this.jobId = jobId;
    this.jobPackages = jobPackages;
    this.feasible = feasible;
    this.placementGroupRemoved = placementGroupRemoved;
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
    if (dependencies.isEmpty()) {
      enqueue(task);
      return;
    }
    CompletableFuture.allOf(dependencies.values().toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
      Map<Integer, StoredObject> known = new HashMap<>();
      for (Map.Entry<Integer, CompletableFuture<StoredObject>> dep : dependencies.entrySet()) {
        StoredObject value = dep.getValue().join();
        if (value.isError()) {
          finish(task, value);
          return;
        }
        known.put(dep.getKey(), value);
      }
      task.spec = InlinedArgs.inline(task.spec, known);
      events.pending(task.spec);
      enqueue(task);
    });
  }

  private void enqueue(PendingTask task) {
    synchronized (this) {
      if (task.cancelled) {
        return;
      }
      queue(SchedulingKey.of(task.spec)).tasks.add(task);
    }
    dispatch(SchedulingKey.of(task.spec));
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
        actions.add(() -> requestLeaseSoon(key));
      }
      if (q.tasks.isEmpty() && !q.releaseScheduled && q.leases.stream().anyMatch(l -> l.inflight() == 0)) {
        q.releaseScheduled = true;
        actions.add(() -> later(() -> releaseIdle(key), JrayConfig.WORKER_LEASE_IDLE_MS.get()));
      }
    }
    actions.forEach(Runnable::run);
  }

  private void requestLeaseSoon(SchedulingKey key) {
    try {
      leaseSender.execute(() -> requestLease(key, localRaylet, false, 0));
    } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
      // closed meanwhile: close() fails what is left
    }
  }

  /** Runs {@code action} on the lease timer after {@code delayMs}; once closed, not at all (close() cleans up). */
  private void later(Runnable action, long delayMs) {
    try {
      timer.schedule(action, delayMs, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
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

  /** @param failures lease requests of this chain in a row that found no raylet answering */
  private void requestLease(SchedulingKey key, Address raylet, boolean grantOrReject, int failures) {
    RequestWorkerLeaseRequest.Builder request = RequestWorkerLeaseRequest.newBuilder()
        .setJobId(jobId).setShape(key.shape()).addAllJobPackages(jobPackages.get()).setGrantOrReject(grantOrReject);
    if (key.placement() != null) {
      request.setPlacement(key.placement());
    }
    if (key.scheduling() != null) {
      request.setScheduling(key.scheduling());
    }
    if (key.workerEnv() != null) {
      request.setWorkerEnv(key.workerEnv());
    }
    peers.raylet(raylet).withDeadlineAfter(JrayConfig.LEASE_REQUEST_TIMEOUT_MS.get(), TimeUnit.MILLISECONDS)
        .requestWorkerLease(request.build(), new StreamObserver<>() {
          @Override
          public void onNext(RequestWorkerLeaseReply reply) {
            if (reply.hasRetryAtRaylet()) {
              requestLease(key, reply.getRetryAtRaylet(), true, 0);
              return;
            }
            if (!reply.getUnschedulable().isEmpty()) {
              failQueued(key, reply.getUnschedulable());
              return;
            }
            if (reply.getRejected()) {
              if (key.placement() != null) {
                afterBundleMiss(key);
              } else {
                leaseEnded(key);
              }
              return;
            }
            LeasedWorker lease = new LeasedWorker(reply.getLeaseId(), reply.getWorkerAddress(), reply.getNodeId(),
                raylet, key);
            boolean keep;
            synchronized (TaskSubmitter.this) {
              ShapeQueue q = queue(key);
              q.leaseRequests--;
              q.warned = false;
              q.bundleMisses = 0;
              keep = !closed;
              if (keep) {
                lease.open(peers.coreWorkerStreams(lease.worker).pushTasks(replies(lease)));
                q.leases.add(lease);
              }
            }
            if (!keep) {
              returnLease(lease, false);
              return;
            }
            dispatch(key);
          }

          @Override
          public void onError(Throwable t) {
            synchronized (TaskSubmitter.this) {
              if (closed) {
                return;
              }
            }
            Status.Code code = Status.fromThrowable(t).getCode();
            if (code == Status.Code.DEADLINE_EXCEEDED && key.placement() != null) {
              afterBundleMiss(key);
              return;
            } else if (code == Status.Code.DEADLINE_EXCEEDED) {
              warnIfInfeasible(key);
              leaseEnded(key);
              return;
            }
            leaseFailed(key, raylet, Status.fromThrowable(t), failures + 1);
          }

          @Override
          public void onCompleted() {}
        });
  }

  /**
   * A lease request found no raylet answering: asked again after a backoff (at the local raylet, which spills
   * it anew if the dead one was another node's). When the local raylet itself stays silent through every retry,
   * the node is gone: the tasks waiting for a lease fail with a clear error instead of waiting forever.
   */
  private void leaseFailed(SchedulingKey key, Address raylet, Status status, int failures) {
    String where = raylet.getIp() + ":" + raylet.getPort();
    boolean local = raylet.equals(localRaylet);
    if (!local || !retry.exhausted(failures)) {
      if (failures == 1) {
        LOG.warning("lease request to raylet " + where + " failed (" + status + "); retrying with backoff");
      }
      later(() -> retryLease(key, failures), retry.delayMs(Math.min(failures, retry.attempts())));
      return;
    }
    List<PendingTask> failed = endRequestAndDrain(key);
    LOG.warning("the local raylet " + where + " did not answer " + failures + " lease requests in a row ("
        + status.getCode() + "); failing " + failed.size() + " waiting tasks");
    for (PendingTask task : failed) {
      finish(task, StoredObject.ofError(RayErrors.of(ErrorType.LOCAL_RAYLET_DIED, task.spec.getName(),
          "The task " + task.spec.getName() + " cannot get a worker: this process's local raylet at " + where
              + " did not answer " + failures + " lease requests in a row (" + status.getCode()
              + "), so its node is gone.")));
    }
    dispatch(key);
  }

  /** The next request of a failing chain, if tasks still wait for it (else the chain ends). */
  private void retryLease(SchedulingKey key, int failures) {
    synchronized (this) {
      if (closed) {
        return;
      }
      if (queue(key).tasks.isEmpty()) {
        queue(key).leaseRequests--;
        return;
      }
    }
    try {
      leaseSender.execute(() -> requestLease(key, localRaylet, false, failures));
    } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
      // closed meanwhile: close() fails what is left
    }
  }

  /** A lease request ended without a lease: count it out and dispatch again (which re-requests if needed). */
  private void leaseEnded(SchedulingKey key) {
    synchronized (this) {
      queue(key).leaseRequests--;
    }
    dispatch(key);
  }

  /**
   * A lease for a placement group bundle was refused or waited a whole deadline: if the group is gone, its
   * queued tasks fail (Ray fails them as cancelled too); else the bundle may be on its way (being rescheduled,
   * or not yet in the raylets' view), so ask again a little later. Asks the GCS off the gRPC thread.
   */
  private void afterBundleMiss(SchedulingKey key) {
    long delayMs;
    synchronized (this) {
      ShapeQueue q = queue(key);
      delayMs = Math.min(PLACEMENT_RETRY_MS << Math.min(q.bundleMisses, 8), PLACEMENT_RETRY_MAX_MS);
      q.bundleMisses++;
    }
    later(() -> {
      if (!placementGroupRemoved.test(key.placement().getPlacementGroupId())) {
        leaseEnded(key);
        return;
      }
      List<PendingTask> failed = endRequestAndDrain(key);
      String group = java.util.HexFormat.of().formatHex(key.placement().getPlacementGroupId().toByteArray());
      for (PendingTask task : failed) {
        finish(task, StoredObject.ofError(RayErrors.of(ErrorType.TASK_CANCELLED, task.spec.getName(),
            "The task " + task.spec.getName() + " cannot run: its placement group " + group + " was removed.")));
      }
    }, delayMs);
  }

  /** A raylet found the key's tasks can never run as asked (a hard affinity to a dead node): they fail with why. */
  /** Counts out the lease request that just ended and takes every task waiting for that shape off its queue. */
  private synchronized List<PendingTask> endRequestAndDrain(SchedulingKey key) {
    ShapeQueue q = queue(key);
    q.leaseRequests--;
    List<PendingTask> drained = new ArrayList<>(q.tasks);
    q.tasks.clear();
    return drained;
  }

  private void failQueued(SchedulingKey key, String why) {
    List<PendingTask> failed = endRequestAndDrain(key);
    LOG.warning(why + " Failing " + failed.size() + " task(s).");
    for (PendingTask task : failed) {
      finish(task, StoredObject.ofError(RayErrors.of(ErrorType.TASK_UNSCHEDULABLE, task.spec.getName(),
          "The task " + task.spec.getName() + " cannot run: " + why)));
    }
    dispatch(key);
  }

  /** A request that waited a whole lease deadline: warn, as Ray does, when no node of the cluster could ever fit it. */
  private void warnIfInfeasible(SchedulingKey key) {
    synchronized (this) {
      ShapeQueue q = queue(key);
      if (q.warned) {
        return;
      }
      q.warned = true;
    }
    if (key.placement() == null && !feasible.test(key.shape().getAmountsMap())) {
      LOG.warning("Warning: the following resource request cannot be scheduled right now: " + key.shape().getAmountsMap()
          + ". No node of the cluster has these resources; the tasks stay pending until one joins that does.");
    }
  }

  /** The results of the tasks on one lease's stream; a broken stream means the worker died. */
  private StreamObserver<StreamedTaskReply> replies(LeasedWorker lease) {
    return new StreamObserver<>() {
      @Override
      public void onNext(StreamedTaskReply streamed) {
        PendingTask task;
        synchronized (TaskSubmitter.this) {
          task = lease.replied(streamed.getSequenceNumber(), streamed.getReply().getRunNanos());
        }
        if (task == null) {
          return;
        }
        PushTaskReply reply = streamed.getReply();
        if (reply.hasError()) {
          boolean retry = reply.getError().getType() == ErrorType.TASK_EXCEPTION && task.spec.getRetryExceptions();
          taskDone(task, lease, retry ? null : StoredObject.ofError(reply.getError()), retry);
        } else {
          refs.adoptNested(task.spec.getReturnId(), reply.getNestedRefsList());
          taskDone(task, lease, StoredObject.fromReply(reply), false);
        }
      }

      @Override
      public void onError(Throwable t) {
        workerLost(lease, Status.fromThrowable(t));
      }

      @Override
      public void onCompleted() {
        workerLost(lease, Status.UNAVAILABLE.withDescription("the worker ended the stream"));
      }
    };
  }

  /**
   * A lease's stream broke: its worker is gone. The first task on it was running and counts a retry (or fails);
   * the ones queued behind it never started, so they go back to the head of the queue, in order, at no cost.
   */
  private void workerLost(LeasedWorker lease, Status status) {
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
          + lost.get(0).spec.getName() + " (" + (lost.size() - 1) + " more queued there go elsewhere): "
          + status.getCode());
    }
    returnLease(lease, true);
    cancelled.forEach(task -> finish(task, null));
    if (lost.isEmpty()) {
      dispatch(lease.key);
      return;
    }
    PendingTask running = lost.get(0);
    taskDone(running, lease, StoredObject.ofError(RayErrors.of(ErrorType.WORKER_DIED, running.spec.getName(),
        "The worker running " + running.spec.getName() + " died (" + status.getCode()
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
    peers.raylet(lease.raylet).withDeadlineAfter(JrayConfig.RPC_TIMEOUT_MS.get(), TimeUnit.MILLISECONDS)
        .returnWorker(ReturnWorkerRequest.newBuilder().setLeaseId(lease.leaseId).setDisconnect(disconnect).build(),
            new StreamObserver<>() {
              @Override
              public void onNext(ReturnWorkerReply value) {}

              @Override
              public void onError(Throwable t) {}

              @Override
              public void onCompleted() {}
            });
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
      queue(SchedulingKey.of(task.spec)).tasks.remove(task);
    }
    if (runningOn != null) {
      try {
        CancelTaskReply ignored = peers.coreWorkerBlocking(runningOn.worker)
            .withDeadlineAfter(JrayConfig.RPC_TIMEOUT_MS.get(), TimeUnit.MILLISECONDS)
            .cancelTask(CancelTaskRequest.newBuilder().setTaskId(task.spec.getTaskId()).setForce(force).build());
      } catch (StatusRuntimeException e) {
        // The worker is gone already: the push fails and the task ends as cancelled.
      }
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
    for (PendingTask task : unfinished) {
      finish(task, StoredObject.ofError(RayErrors.of(ErrorType.WORKER_DIED, task.spec.getName(),
          "The task " + task.spec.getName() + " did not finish before its owner shut down.")));
    }
  }
}
