package io.jray.raylet;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.jray.proto.Address;
import io.jray.proto.BundleId;
import io.jray.proto.NodeInfo;
import io.jray.proto.RequestWorkerLeaseReply;
import io.jray.proto.RequestWorkerLeaseRequest;
import io.jray.proto.ResourceDemand;
import io.jray.proto.ResourceMap;
import io.jray.proto.SchedulingStrategy;
import io.jray.runtime.resources.ResourceShapes;
import io.jray.scheduling.SchedulingPolicy;
import io.jray.scheduling.SchedulingProtos;
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
 * Grants worker leases (Ray's local lease manager + spillback): the request's scheduling strategy (the hybrid
 * policy by default, spread, node affinity, a label selector; see {@link SchedulingPolicy}) picks a node from the
 * cluster view; picked here, the request waits for resources and a worker of its job; picked elsewhere, it is
 * spilled there; fitting nowhere, it stays queued as infeasible (a demand in {@code jray status}) until a node
 * joins; a hard affinity to a dead or unknown node is answered as unschedulable.
 * A request for a placement group bundle is served only from that bundle's reservation, here or (spilled) on
 * the node holding it. Synchronized on this manager; replies are sent outside the lock.
 */
final class LeaseManager {
  private static final Logger LOG = Logger.getLogger(LeaseManager.class.getName());

  private final LocalResources resources;
  private final PlacementGroupResources bundles;
  private final WorkerPool pool;
  private final ByteString nodeId;
  private final JobPackageCache packages;
  private final String nodeHex;
  /** This node's labels, Ray's default ones included. */
  private final Map<String, String> labels;
  private final SchedulingPolicy policy;
  private final AtomicLong nextLease = new AtomicLong(1);
  private final List<Pending> queue = new ArrayList<>();
  private final List<Pending> infeasible = new ArrayList<>();
  private final Map<Long, Granted> leases = new HashMap<>();
  /** Leases whose worker is blocked in get/wait: the CPU each lends to other leases meanwhile. */
  private final Map<Long, Map<String, Double>> lent = new HashMap<>();
  private volatile List<NodeInfo> clusterView = List.of();
  /** Set while the GCS has an external scheduler: asked where each DEFAULT-strategy lease first submitted here goes. */
  private volatile ExternalAdvice external;
  /** Brings the cluster view up to date now (a raylet at rest refreshes it only every keepalive). */
  private volatile Runnable viewRefresher;

  /** The GCS's external scheduler's pick for a lease (a node id in hex), or empty: the built-in policy decides. */
  interface ExternalAdvice {
    Optional<String> pick(RequestWorkerLeaseRequest request);
  }

  private static final class Pending {
    final RequestWorkerLeaseRequest request;
    final StreamObserver<RequestWorkerLeaseReply> reply;
    volatile boolean cancelled;
    /** Queued here because the external scheduler picked this node: the built-in policy does not move it. */
    boolean externallyPlaced;
    /** Found unschedulable once, the view was refreshed and it was placed again. */
    boolean placedAfterRefresh;

    Pending(RequestWorkerLeaseRequest request, StreamObserver<RequestWorkerLeaseReply> reply) {
      this.request = request;
      this.reply = reply;
    }

    Map<String, Double> shape() {
      return request.getShape().getAmountsMap();
    }

    /** The strategy, or null for the default policy on any node. */
    SchedulingStrategy scheduling() {
      return request.hasScheduling() ? request.getScheduling() : null;
    }

    /** The bundle the lease must come from, or null. */
    BundleId placement() {
      return request.hasPlacement() ? request.getPlacement() : null;
    }
  }

  /** A granted lease and the pool its resources go back to. */
  private record Granted(long id, WorkerPool.Worker worker, Map<String, Double> shape, ResourcePool from) {}

  LeaseManager(LocalResources resources, PlacementGroupResources bundles, WorkerPool pool, ByteString nodeId,
      JobPackageCache packages, Map<String, String> labels, SchedulingPolicy policy) {
    this.nodeHex = java.util.HexFormat.of().formatHex(nodeId.toByteArray());
    this.labels = Map.copyOf(labels);
    this.policy = policy;
    this.resources = resources;
    this.bundles = bundles;
    this.pool = pool;
    this.nodeId = nodeId;
    this.packages = packages;
  }

  /** Hands DEFAULT-strategy placements to the GCS's external scheduler (null: the built-in policy alone). */
  void useExternalScheduler(ExternalAdvice advice) {
    this.external = advice;
  }

  /**
   * Called before a request is refused as unschedulable (an affinity to a node the view does not know or holds
   * dead): the view of an idle raylet may be a keepalive old, and the node may just have joined.
   */
  void refreshViewWith(Runnable refresher) {
    this.viewRefresher = refresher;
  }

  void request(RequestWorkerLeaseRequest request, StreamObserver<RequestWorkerLeaseReply> reply) {
    Pending pending = new Pending(request, reply);
    if (reply instanceof ServerCallStreamObserver<RequestWorkerLeaseReply> call) {
      call.setOnCancelHandler(() -> pending.cancelled = true);
    }
    if (pending.placement() == null && !request.getGrantOrReject()) {
      place(pending);
      return;
    }
    if (!feasibleHere(pending)) {
      Optional<NodeInfo> other = request.getGrantOrReject() ? Optional.empty() : nodeFitting(pending, false);
      if (other.isPresent()) {
        spill(pending, other.get());
      } else if (request.getGrantOrReject() || pending.placement() != null) {
        // A bundle no node holds is pending, being placed again, or removed: its owner asks the GCS which, then
        // asks again or fails its tasks, instead of waiting here for the request's whole deadline.
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

  /** Where the strategy sends a request first submitted here: queued here, spilled, infeasible or refused. */
  private void place(Pending p) {
    SchedulingPolicy.Decision picked;
    try {
      SchedulingPolicy.Request request = SchedulingProtos.request(p.shape(), p.scheduling());
      ExternalAdvice advice = external;
      Optional<String> advised = advice != null && request.kind() == SchedulingPolicy.Kind.DEFAULT
          && request.selector().isEmpty() ? advice.pick(p.request) : Optional.empty();
      synchronized (this) {
        // Picked and queued at once: the next request sees this one's share of the node as taken.
        if (advised.isPresent() && canRun(advised.get(), p)) {
          picked = new SchedulingPolicy.Run(advised.get(), true);
          p.externallyPlaced = true;
        } else {
          picked = policy.pick(request, candidates(), nodeHex);
        }
        if (picked instanceof SchedulingPolicy.Run run && run.nodeId().equals(nodeHex)) {
          queue.add(p);
        }
      }
    } catch (IllegalArgumentException badSelector) {
      answer(p, RequestWorkerLeaseReply.newBuilder().setUnschedulable(badSelector.getMessage()).build());
      return;
    }
    SchedulingPolicy.Decision decision = picked;
    LOG.info(() -> "lease placed shape=" + p.shape() + " decision=" + decision);
    Runnable refresher = viewRefresher;
    if (decision instanceof SchedulingPolicy.Unschedulable && !p.placedAfterRefresh && refresher != null) {
      p.placedAfterRefresh = true;
      refresher.run();
      place(p);
      return;
    }
    if (decision instanceof SchedulingPolicy.Unschedulable refused) {
      LOG.info("lease for job " + java.util.HexFormat.of().formatHex(p.request.getJobId().toByteArray())
          + " unschedulable: " + refused.reason());
      answer(p, RequestWorkerLeaseReply.newBuilder().setUnschedulable(refused.reason()).build());
    } else if (decision instanceof SchedulingPolicy.Run run && !run.nodeId().equals(nodeHex)) {
      spill(p, nodeInView(run.nodeId()));
    } else if (decision instanceof SchedulingPolicy.Run) {
      schedule();
    } else {
      synchronized (this) {
        infeasible.add(p);
      }
    }
  }

  /**
   * The cluster view as the policy sees it, with this node's own resources as they are now (the view lags), less
   * what requests queued here wait for.
   */
  private synchronized List<SchedulingPolicy.Candidate> candidates() {
    Map<String, Double> free = new HashMap<>(resources.available());
    for (Pending q : queue) {
      if (q.placement() == null && !q.cancelled) {
        q.shape().forEach((name, amount) -> free.merge(name, -amount, Double::sum));
      }
    }
    List<SchedulingPolicy.Candidate> out = new ArrayList<>();
    out.add(new SchedulingPolicy.Candidate(nodeHex, true, resources.total(), free, labels));
    for (NodeInfo n : clusterView) {
      if (!n.getNodeId().equals(nodeId)) {
        out.add(SchedulingProtos.candidate(n));
      }
    }
    return out;
  }

  /** Whether the node (hex) is this one or a live one in the view, and its resources can ever fit the request. */
  private boolean canRun(String hex, Pending p) {
    if (hex.equals(nodeHex)) {
      return resources.fitsTotal(p.shape());
    }
    return clusterView.stream().anyMatch(n -> n.getState() == io.jray.proto.NodeState.NODE_ALIVE
        && SchedulingProtos.candidate(n).nodeId().equals(hex) && ResourceShapes.fits(n.getTotal().getAmountsMap(), p.shape()));
  }

  private NodeInfo nodeInView(String hex) {
    return clusterView.stream().filter(n -> SchedulingProtos.candidate(n).nodeId().equals(hex)).findFirst()
        .orElseThrow();
  }

  /**
   * A request waiting here that another node could run now, as its strategy picks (none for a hard affinity to
   * this node, or when no other node has room).
   */
  private Optional<NodeInfo> elsewhereNow(Pending p) {
    if (p.placement() != null) {
      return nodeFitting(p, true);
    }
    SchedulingPolicy.Request request;
    try {
      request = SchedulingProtos.request(p.shape(), p.scheduling());
    } catch (IllegalArgumentException checkedOnArrival) {
      return Optional.empty();
    }
    if (request.kind() == SchedulingPolicy.Kind.NODE_AFFINITY && !request.soft()) {
      return Optional.empty();
    }
    if (policy.pick(request, candidates(), nodeHex) instanceof SchedulingPolicy.Run run && run.roomNow()
        && !run.nodeId().equals(nodeHex)) {
      return Optional.of(nodeInView(run.nodeId()));
    }
    return Optional.empty();
  }

  /** Grants what fits now, FIFO; a request that must wait here may go to a node that has room now. */
  void schedule() {
    List<Runnable> actions = new ArrayList<>();
    synchronized (this) {
      for (Iterator<Pending> it = queue.iterator(); it.hasNext(); ) {
        Pending p = it.next();
        ResourcePool from;
        if (p.cancelled) {
          it.remove();
        } else if ((from = acquire(p)) != null) {
          it.remove();
          actions.add(() -> popWorker(p, from));
        } else if (!feasibleHere(p)) {
          // Its bundle left this node (removed, or its group rescheduled): the requester asks again or gives up.
          it.remove();
          actions.add(() -> answer(p, RequestWorkerLeaseReply.newBuilder().setRejected(true).build()));
        } else if (!p.request.getGrantOrReject() && !p.externallyPlaced) {
          Optional<NodeInfo> other = elsewhereNow(p);
          if (other.isPresent()) {
            it.remove();
            actions.add(() -> spill(p, other.get()));
          }
        }
      }
    }
    actions.forEach(Runnable::run);
  }

  private boolean feasibleHere(Pending p) {
    return p.placement() == null ? resources.fitsTotal(p.shape()) : bundles.fitsTotal(p.placement(), p.shape());
  }

  /** Takes the request's resources from where it must run (the node's pool, or its bundle); null if no room now. */
  private ResourcePool acquire(Pending p) {
    if (p.placement() == null) {
      return resources.tryAcquire(p.shape()) ? resources : null;
    }
    return bundles.tryAcquire(p.placement(), p.shape());
  }

  /** Finds the job's code on this node (fetching what is missing), then a worker of the job. */
  private void popWorker(Pending p, ResourcePool from) {
    List<String> extraClasspath;
    try {
      List<io.jray.proto.JobPackage> wanted = new java.util.ArrayList<>(p.request.getJobPackagesList());
      wanted.addAll(p.request.getWorkerEnv().getJavaJarsList());
      extraClasspath = packages.extraClasspath(wanted);
    } catch (RuntimeException e) {
      LOG.warning("lease for job " + java.util.HexFormat.of().formatHex(p.request.getJobId().toByteArray())
          + " failed: " + e.getMessage());
      from.release(p.shape());
      p.reply.onError(Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asRuntimeException());
      schedule();
      return;
    }
    pool.pop(p.request.getJobId(), p.request.getWorkerEnv(), extraClasspath, w -> granted(p, w, from));
  }

  private void granted(Pending p, WorkerPool.Worker worker, ResourcePool from) {
    if (worker == null) {
      from.release(p.shape());
      p.reply.onError(Status.UNAVAILABLE.withDescription("the worker for this lease failed to start").asRuntimeException());
      schedule();
      return;
    }
    if (p.cancelled) {
      from.release(p.shape());
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
      leases.put(id, new Granted(id, worker, p.shape(), from));
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
      // A lease from a placement group bundle keeps its CPU: the bundle's reservation is its group's alone.
      double amount = lease == null || lease.from() != resources ? 0 : lease.shape().getOrDefault("CPU", 0.0);
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
    lease.from().release(back);
  }

  /**
   * A bundle went back to the node (its group was removed, or a reservation rolled back): the workers leased
   * from it are killed, as Ray does, and what waited for it is answered.
   */
  void bundleReturned(PlacementGroupResources.Held bundle) {
    List<WorkerPool.Worker> doomed;
    synchronized (this) {
      doomed = leases.values().stream().filter(g -> g.from() == bundle).map(Granted::worker).toList();
    }
    if (!doomed.isEmpty()) {
      LOG.info("bundle " + bundle.id.getBundleIndex() + " of placement group "
          + java.util.HexFormat.of().formatHex(bundle.id.getPlacementGroupId().toByteArray())
          + " returned: killing the " + doomed.size() + " worker(s) leased from it");
    }
    doomed.forEach(pool::kill);
    schedule();
  }

  /** A fresh view of the cluster: infeasible requests may now fit somewhere, busy ones may spill. */
  void updateView(List<NodeInfo> nodes) {
    clusterView = nodes;
    retryInfeasible();
  }

  /** Requests that fit nowhere are tried again (a node or a bundle may have come since). */
  void retryInfeasible() {
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

  /** Another live node where the request could run (now, or ever): its resources fit, or it holds the bundle. */
  private Optional<NodeInfo> nodeFitting(Pending p, boolean availableNow) {
    return clusterView.stream()
        .filter(n -> n.getState() == io.jray.proto.NodeState.NODE_ALIVE && !n.getNodeId().equals(nodeId))
        .filter(n -> p.placement() == null
            ? ResourceShapes.fits((availableNow ? n.getAvailable() : n.getTotal()).getAmountsMap(), p.shape())
            : n.getBundlesList().stream().anyMatch(b -> PlacementGroupResources.matches(p.placement(), b.getId())
                && ResourceShapes.fits((availableNow ? b.getAvailable() : b.getTotal()).getAmountsMap(), p.shape())))
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
