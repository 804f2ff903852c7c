package io.jray.runtime.task;

import com.google.protobuf.ByteString;
import io.jray.proto.Address;
import io.jray.proto.ErrorType;
import io.jray.proto.JobPackage;
import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.rpc.Backoff;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Leasing for normal tasks (the lease requests of Ray's normal task submitter): asks a raylet for a worker for a
 * scheduling key (first the raylet the key names, else the local one), follows spillbacks, retries a raylet that
 * does not answer with backoff, waits out a placement group bundle that is not placed yet, and turns every other
 * end into what the {@link Listener} does next. One call of {@link #request} is one chain that ends in exactly one
 * listener call. Requests go out on {@code sender} (a job's first one uploads its packages); retries wait on
 * {@code timer}; replies arrive on network threads. Its own state (warnings given, refusals in a row per key) is
 * guarded by {@code this}.
 */
final class LeaseRequester {
  private static final Logger LOG = Logger.getLogger(LeaseRequester.class.getName());
  /**
   * Pause before a refused placement group lease is asked for again (its bundle may be moving, or its group not
   * placed yet); it doubles with each refusal in a row, up to {@link #PLACEMENT_RETRY_MAX_MS}.
   */
  private static final long PLACEMENT_RETRY_MS = 200;
  private static final long PLACEMENT_RETRY_MAX_MS = 3200;

  /** What the submitter does with a chain's end; called on a network or timer thread, never under this lock. */
  interface Listener {
    /** A worker was leased for the key (the listener returns it if it no longer wants it). */
    void granted(SchedulingKey key, LeasedWorker lease);

    /** The chain ended without a lease: count it out and dispatch again (which asks anew while tasks wait). */
    void noLease(SchedulingKey key);

    /**
     * The chain ended and every task waiting for the key fails with {@code type} and the sentence
     * {@code message} makes of the task's name. Returns how many failed.
     */
    int failWaiting(SchedulingKey key, ErrorType type, Function<String, String> message);

    /** Whether tasks still wait for the key (before a retry); when not, the listener counts the chain out. */
    boolean stillWanted(SchedulingKey key);

    boolean closed();
  }

  private static final class KeyState {
    boolean warned;
    /** Placement group leases refused in a row (each waits longer before asking again). */
    int bundleMisses;
  }

  private final RayletClient raylets;
  private final Address localRaylet;
  private final ByteString jobId;
  private final Supplier<List<JobPackage>> jobPackages;
  /** Whether some live node's total resources fit a shape (asked only when a lease request times out). */
  private final Predicate<Map<String, Double>> feasible;
  /** Whether a placement group is removed or unknown (asked only when one of its bundle's leases is refused). */
  private final Predicate<ByteString> placementGroupRemoved;
  private final Executor sender;
  private final ScheduledExecutorService timer;
  private final Listener listener;
  /** The raylet to ask first for a key, or null for the local one (may block: it runs on the sender). */
  private final Function<SchedulingKey, Address> firstRaylet;
  /** How lease requests that find no raylet answering are retried, and when they stop. */
  private final Backoff retry = Backoff.standard();
  private final Map<SchedulingKey, KeyState> states = new HashMap<>();

  LeaseRequester(RayletClient raylets, Address localRaylet, ByteString jobId, Supplier<List<JobPackage>> jobPackages,
      Predicate<Map<String, Double>> feasible, Predicate<ByteString> placementGroupRemoved, Executor sender,
      ScheduledExecutorService timer, Function<SchedulingKey, Address> firstRaylet, Listener listener) {
    this.firstRaylet = firstRaylet;
    this.raylets = raylets;
    this.localRaylet = localRaylet;
    this.jobId = jobId;
    this.jobPackages = jobPackages;
    this.feasible = feasible;
    this.placementGroupRemoved = placementGroupRemoved;
    this.sender = sender;
    this.timer = timer;
    this.listener = listener;
  }

  /** Starts a chain for {@code key}, at the raylet the lease policy names (its arguments' node) or the local one. */
  void request(SchedulingKey key) {
    send(() -> {
      Address first = firstRaylet.apply(key);
      ask(key, first != null ? first : localRaylet, false, 0);
    });
  }

  private void send(Runnable request) {
    try {
      sender.execute(request);
    } catch (RejectedExecutionException shuttingDown) {
      // closed meanwhile: the submitter fails what is left
    }
  }

  /** Runs {@code action} on the timer after {@code delayMs}; once closed, not at all (the submitter cleans up). */
  private void later(Runnable action, long delayMs) {
    try {
      timer.schedule(action, delayMs, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException shuttingDown) {
      // closed meanwhile
    }
  }

  /** @param failures requests of this chain in a row that found no raylet answering */
  private void ask(SchedulingKey key, Address raylet, boolean grantOrReject, int failures) {
    RayletClient.LeaseRequest request = new RayletClient.LeaseRequest(jobId, key.shape(), key.placement(),
        key.scheduling(), jobPackages.get(), grantOrReject, key.workerEnv());
    raylets.requestWorkerLease(raylet, request, JrayConfig.LEASE_REQUEST_TIMEOUT_MS.get(),
        reply -> answered(key, raylet, failures, reply));
  }

  private void answered(SchedulingKey key, Address raylet, int failures, RayletClient.LeaseReply reply) {
    if (reply instanceof RayletClient.Spillback spill) {
      ask(key, spill.raylet(), true, 0);
    } else if (reply instanceof RayletClient.Unschedulable u) {
      int failed = listener.failWaiting(key, ErrorType.TASK_UNSCHEDULABLE,
          name -> "The task " + name + " cannot run: " + u.why());
      LOG.warning(u.why() + " Failing " + failed + " task(s).");
    } else if (reply instanceof RayletClient.Rejected) {
      if (key.placement() != null) {
        afterBundleMiss(key);
      } else {
        listener.noLease(key);
      }
    } else if (reply instanceof RayletClient.Granted g) {
      synchronized (this) {
        KeyState s = state(key);
        s.warned = false;
        s.bundleMisses = 0;
      }
      listener.granted(key, new LeasedWorker(g.leaseId(), g.worker(), g.nodeId(), raylet, key));
    } else if (listener.closed()) {
      return;
    } else if (reply instanceof RayletClient.TimedOut && key.placement() != null) {
      afterBundleMiss(key);
    } else if (reply instanceof RayletClient.TimedOut) {
      warnIfInfeasible(key);
      listener.noLease(key);
    } else if (reply instanceof RayletClient.Unreachable u) {
      unreachable(key, raylet, u, failures + 1);
    }
  }

  private synchronized KeyState state(SchedulingKey key) {
    return states.computeIfAbsent(key, k -> new KeyState());
  }

  /**
   * No raylet answered: asked again after a backoff at the local raylet (which spills it anew if the dead one
   * was another node's). When the local raylet itself stays silent through every retry, the node is gone: the
   * tasks waiting for a lease fail with a clear error instead of waiting forever.
   */
  private void unreachable(SchedulingKey key, Address raylet, RayletClient.Unreachable status, int failures) {
    String where = raylet.getIp() + ":" + raylet.getPort();
    boolean local = raylet.equals(localRaylet);
    if (!local || !retry.exhausted(failures)) {
      if (failures == 1) {
        LOG.warning("lease request to raylet " + where + " failed (" + status.detail() + "); retrying with backoff");
      }
      later(() -> {
        if (!listener.closed() && listener.stillWanted(key)) {
          send(() -> ask(key, localRaylet, false, failures));
        }
      }, retry.delayMs(Math.min(failures, retry.attempts())));
      return;
    }
    int failed = listener.failWaiting(key, ErrorType.LOCAL_RAYLET_DIED,
        name -> "The task " + name + " cannot get a worker: this process's local raylet at " + where
            + " did not answer " + failures + " lease requests in a row (" + status.code()
            + "), so its node is gone.");
    LOG.warning("the local raylet " + where + " did not answer " + failures + " lease requests in a row ("
        + status.code() + "); failed " + failed + " waiting tasks");
  }

  /**
   * A lease for a placement group bundle was refused or waited a whole deadline: if the group is gone, its
   * queued tasks fail (Ray fails them as cancelled too); else the bundle may be on its way (being rescheduled,
   * or not yet in the raylets' view), so ask again a little later. Asks the GCS on the timer, off the network.
   */
  private void afterBundleMiss(SchedulingKey key) {
    long delayMs;
    synchronized (this) {
      KeyState s = state(key);
      delayMs = Math.min(PLACEMENT_RETRY_MS << Math.min(s.bundleMisses, 8), PLACEMENT_RETRY_MAX_MS);
      s.bundleMisses++;
    }
    later(() -> {
      if (!placementGroupRemoved.test(key.placement().getPlacementGroupId())) {
        listener.noLease(key);
        return;
      }
      String group = java.util.HexFormat.of().formatHex(key.placement().getPlacementGroupId().toByteArray());
      listener.failWaiting(key, ErrorType.TASK_CANCELLED,
          name -> "The task " + name + " cannot run: its placement group " + group + " was removed.");
    }, delayMs);
  }

  /** A request that waited a whole lease deadline: warn, as Ray does, when no node of the cluster could ever fit it. */
  private void warnIfInfeasible(SchedulingKey key) {
    synchronized (this) {
      KeyState s = state(key);
      if (s.warned) {
        return;
      }
      s.warned = true;
    }
    if (key.placement() == null && !feasible.test(key.shape().getAmountsMap())) {
      LOG.warning("Warning: the following resource request cannot be scheduled right now: "
          + key.shape().getAmountsMap()
          + ". No node of the cluster has these resources; the tasks stay pending until one joins that does.");
    }
  }
}
