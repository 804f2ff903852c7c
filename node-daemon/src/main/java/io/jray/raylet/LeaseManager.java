package io.jray.raylet;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.jray.proto.Address;
import io.jray.proto.NodeInfo;
import io.jray.proto.RequestWorkerLeaseReply;
import io.jray.proto.RequestWorkerLeaseRequest;
import io.jray.proto.ResourceDemand;
import io.jray.proto.ResourceMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Grants worker leases (Ray's local lease manager + spillback): a request whose shape fits here waits for
 * resources and a worker of its job; one that does not fit here is spilled to a node whose resources fit
 * (from the cluster view), or stays queued as infeasible (a demand in {@code jray status}) until one joins.
 * Synchronized on this manager; replies are sent outside the lock.
 */
final class LeaseManager {
  private static final Logger LOG = Logger.getLogger(LeaseManager.class.getName());

  private final LocalResources resources;
  private final WorkerPool pool;
  private final ByteString nodeId;
  private final JobPackageCache packages;
  private final AtomicLong nextLease = new AtomicLong(1);
  private final List<Pending> queue = new ArrayList<>();
  private final List<Pending> infeasible = new ArrayList<>();
  private final Map<Long, Granted> leases = new HashMap<>();
  /** Leases whose worker is blocked in get/wait: the CPU each lends to other leases meanwhile. */
  private final Map<Long, Map<String, Double>> lent = new HashMap<>();
  private volatile List<NodeInfo> clusterView = List.of();

  private static final class Pending {
    final RequestWorkerLeaseRequest request;
    final StreamObserver<RequestWorkerLeaseReply> reply;
    volatile boolean cancelled;

    Pending(RequestWorkerLeaseRequest request, StreamObserver<RequestWorkerLeaseReply> reply) {
      this.request = request;
      this.reply = reply;
    }

    Map<String, Double> shape() {
      return request.getShape().getAmountsMap();
    }
  }

  private record Granted(long id, WorkerPool.Worker worker, Map<String, Double> shape) {}

  LeaseManager(LocalResources resources, WorkerPool pool, ByteString nodeId, JobPackageCache packages) {
    this.resources = resources;
    this.pool = pool;
    this.nodeId = nodeId;
    this.packages = packages;
  }

  void request(RequestWorkerLeaseRequest request, StreamObserver<RequestWorkerLeaseReply> reply) {
    Pending pending = new Pending(request, reply);
    if (reply instanceof ServerCallStreamObserver<RequestWorkerLeaseReply> call) {
      call.setOnCancelHandler(() -> pending.cancelled = true);
    }
    if (!resources.fitsTotal(pending.shape())) {
      Optional<NodeInfo> other = request.getGrantOrReject() ? Optional.empty() : nodeFitting(pending.shape(), false);
      if (other.isPresent()) {
        spill(pending, other.get());
      } else if (request.getGrantOrReject()) {
        answer(pending, RequestWorkerLeaseReply.newBuilder().setRejected(true).build());
      } else {
        synchronized (this) {
          infeasible.add(pending);
        }
      }
      return;
    }
    synchronized (this) {
      queue.add(pending);
    }
    schedule();
  }

  /** Grants what fits now, FIFO; a request that must wait here may go to a node that has room now. */
  void schedule() {
    List<Runnable> actions = new ArrayList<>();
    synchronized (this) {
      for (Iterator<Pending> it = queue.iterator(); it.hasNext(); ) {
        Pending p = it.next();
        if (p.cancelled) {
          it.remove();
        } else if (resources.tryAcquire(p.shape())) {
          it.remove();
          actions.add(() -> popWorker(p));
        } else if (!p.request.getGrantOrReject()) {
          Optional<NodeInfo> other = nodeFitting(p.shape(), true);
          if (other.isPresent()) {
            it.remove();
            actions.add(() -> spill(p, other.get()));
          }
        }
      }
    }
    actions.forEach(Runnable::run);
  }

  /** Finds the job's code on this node (fetching what is missing), then a worker of the job. */
  private void popWorker(Pending p) {
    List<String> extraClasspath;
    try {
      extraClasspath = packages.extraClasspath(p.request.getJobPackagesList());
    } catch (RuntimeException e) {
      LOG.warning("lease for job " + java.util.HexFormat.of().formatHex(p.request.getJobId().toByteArray())
          + " failed: " + e.getMessage());
      resources.release(p.shape());
      p.reply.onError(Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asRuntimeException());
      schedule();
      return;
    }
    pool.pop(p.request.getJobId(), extraClasspath, w -> granted(p, w));
  }

  private void granted(Pending p, WorkerPool.Worker worker) {
    if (worker == null) {
      resources.release(p.shape());
      p.reply.onError(Status.UNAVAILABLE.withDescription("the worker for this lease failed to start").asRuntimeException());
      schedule();
      return;
    }
    if (p.cancelled) {
      resources.release(p.shape());
      pool.push(worker);
      schedule();
      return;
    }
    if (p.request.getDetachedActor()) {
      pool.outliveJob(worker);
    }
    worker.holdsActor = p.request.getActor() || p.request.getDetachedActor();
    long id = nextLease.getAndIncrement();
    synchronized (this) {
      leases.put(id, new Granted(id, worker, p.shape()));
    }
    answer(p, RequestWorkerLeaseReply.newBuilder().setWorkerAddress(worker.address).setWorkerId(worker.id)
        .setLeaseId(id).setNodeId(nodeId).build());
  }

  void returnWorker(long leaseId, boolean disconnect) {
    Granted lease;
    synchronized (this) {
      lease = leases.remove(leaseId);
    }
    if (lease == null) {
      return;
    }
    release(lease);
    if (disconnect) {
      pool.kill(lease.worker());
    } else {
      pool.push(lease.worker());
    }
    schedule();
  }

  /** A worker died: the lease that held it frees its resources (its owner learns from the failed push). */
  void workerDied(WorkerPool.Worker worker) {
    Granted lease = null;
    synchronized (this) {
      for (Iterator<Granted> it = leases.values().iterator(); it.hasNext(); ) {
        Granted g = it.next();
        if (g.worker() == worker) {
          it.remove();
          lease = g;
        }
      }
    }
    if (lease != null) {
      release(lease);
      LOG.info("lease " + lease.id() + " ended: its " + worker.describe() + " died");
    }
    schedule();
  }

  /**
   * A leased worker's tasks blocked in get/wait (or resumed). Blocked, its CPU goes to other leases (the subtasks
   * it waits for may need it, as in Ray); resumed, it takes the CPU back at once, even if that oversubscribes
   * the node until a lease ends.
   */
  void workerBlocked(ByteString workerId, boolean blocked) {
    Map<String, Double> cpu = null;
    synchronized (this) {
      Granted lease = leases.values().stream().filter(g -> g.worker().id.equals(workerId)).findFirst().orElse(null);
      double amount = lease == null ? 0 : lease.shape().getOrDefault("CPU", 0.0);
      if (amount <= 0) {
        return;
      }
      if (blocked && !lent.containsKey(lease.id())) {
        cpu = Map.of("CPU", amount);
        lent.put(lease.id(), cpu);
      } else if (!blocked) {
        cpu = lent.remove(lease.id());
      }
    }
    if (cpu == null) {
      return;
    }
    if (blocked) {
      resources.release(cpu);
      schedule();
    } else {
      resources.take(cpu);
    }
  }

  /** A lease ended: its resources, less the CPU it lent while blocked, return. */
  private void release(Granted lease) {
    Map<String, Double> lentCpu;
    synchronized (this) {
      lentCpu = lent.remove(lease.id());
    }
    Map<String, Double> back = new HashMap<>(lease.shape());
    if (lentCpu != null) {
      lentCpu.forEach((name, amount) -> back.merge(name, -amount, Double::sum));
    }
    resources.release(back);
  }

  /** A fresh view of the cluster: infeasible requests may now fit somewhere, busy ones may spill. */
  void updateView(List<NodeInfo> nodes) {
    clusterView = nodes;
    List<Pending> retry;
    synchronized (this) {
      retry = new ArrayList<>(infeasible);
      infeasible.clear();
    }
    for (Pending p : retry) {
      if (!p.cancelled) {
        request(p.request, p.reply);
      }
    }
    schedule();
  }

  /** Shapes still waiting here, summed: the node's demands in {@code jray status}. */
  synchronized List<ResourceDemand> demands() {
    Map<ResourceMap, Long> byShape = new LinkedHashMap<>();
    for (List<Pending> list : List.of(queue, infeasible)) {
      for (Pending p : list) {
        if (!p.cancelled) {
          byShape.merge(p.request.getShape(), 1L, Long::sum);
        }
      }
    }
    List<ResourceDemand> out = new ArrayList<>();
    byShape.forEach((shape, n) -> out.add(ResourceDemand.newBuilder().setShape(shape).setCount(n).build()));
    return out;
  }

  private Optional<NodeInfo> nodeFitting(Map<String, Double> shape, boolean availableNow) {
    return clusterView.stream()
        .filter(n -> n.getState() == io.jray.proto.NodeState.NODE_ALIVE && !n.getNodeId().equals(nodeId))
        .filter(n -> LocalResources.fits((availableNow ? n.getAvailable() : n.getTotal()).getAmountsMap(), shape))
        .collect(java.util.stream.Collectors.collectingAndThen(java.util.stream.Collectors.toList(),
            // A random pick spreads load, and a node that just died (not yet marked dead) is not chosen forever.
            fitting -> fitting.isEmpty() ? Optional.<NodeInfo>empty()
                : Optional.of(fitting.get(java.util.concurrent.ThreadLocalRandom.current().nextInt(fitting.size())))));
  }

  private void spill(Pending p, NodeInfo node) {
    answer(p, RequestWorkerLeaseReply.newBuilder().setRetryAtRaylet(
        Address.newBuilder().setIp(node.getNodeIp()).setPort(node.getNodeManagerPort())).build());
  }

  private static void answer(Pending p, RequestWorkerLeaseReply reply) {
    try {
      p.reply.onNext(reply);
      p.reply.onCompleted();
    } catch (RuntimeException cancelled) {
      // the requester went away
    }
  }
}
