package io.jray.gcs;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import com.google.protobuf.InvalidProtocolBufferException;
import io.jray.gcs.storage.Change;
import io.jray.gcs.storage.StoredTables;
import io.jray.gcs.storage.Table;
import io.jray.gcs.storage.TableStorage;
import io.jray.proto.ActorInfo;
import io.jray.proto.ActorTableData;
import io.jray.proto.ActorState;
import io.jray.proto.Address;
import io.jray.proto.BundleId;
import io.jray.proto.CreateActorRequest;
import io.jray.proto.NodeInfo;
import io.jray.proto.PushTaskReply;
import io.jray.proto.PushTaskRequest;
import io.jray.proto.RequestWorkerLeaseReply;
import io.jray.proto.RequestWorkerLeaseRequest;
import io.jray.proto.ReturnWorkerReply;
import io.jray.proto.ReturnWorkerRequest;
import io.jray.proto.TaskSpec;
import io.jray.proto.WatchWorkerReply;
import io.jray.proto.WatchWorkerRequest;
import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.resources.ResourceShapes;
import io.jray.runtime.rpc.PeerChannels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.jray.scheduling.SchedulingPolicy;
import io.jray.scheduling.SchedulingProtos;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The GCS's actor table and scheduler (Ray's GcsActorManager + GcsActorScheduler): places each actor on a node
 * whose resources fit (or, for an actor in a placement group, on the node holding its bundle) by leasing a
 * dedicated worker from that node's raylet, runs the creation task there,
 * watches the worker, restarts the actor up to max_restarts when it dies, keeps named actors per namespace,
 * and ends non-detached actors with their job. Every state change runs on the GCS's event loop and is written to
 * the table storage before it is acknowledged; a GCS that comes back watches its live actors' workers again
 * (an actor whose worker died meanwhile restarts) and places those that were pending.
 */
public final class ActorManager implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ActorManager.class.getName());
  private static final long RETRY_MS = 300;
  /** How placements that no raylet answered are retried, and when they stop. */
  private final io.jray.runtime.rpc.Backoff retry = io.jray.runtime.rpc.Backoff.standard();

  private final NodeManager nodes;
  private final PlacementGroupManager placementGroups;
  private final PeerChannels peers;
  private final ScheduledExecutorService loop;
  private final TableStorage storage;
  private final Map<ByteString, Actor> actors = new HashMap<>();
  private final Map<String, ByteString> named = new HashMap<>();
  private int nextNode;
  private final io.jray.scheduling.PlacementScheduler scheduler;

  private static final class Actor {
    ActorInfo.Builder info;
    final CreateActorRequest request;
    final List<CompletableFuture<ActorInfo>> waiters = new ArrayList<>();
    Address raylet;
    long leaseId;
    int generation;
    boolean killRequested;
    /** Placement lease requests in a row that no raylet answered. */
    int placementFailures;

    Actor(ActorInfo.Builder info, CreateActorRequest request) {
      this.info = info;
      this.request = request;
    }
  }

  public ActorManager(NodeManager nodes, PlacementGroupManager placementGroups, PeerChannels peers,
      TableStorage storage, StoredTables loaded, ScheduledExecutorService loop,
      io.jray.scheduling.PlacementScheduler scheduler) {
    this.scheduler = scheduler;
    this.nodes = nodes;
    this.placementGroups = placementGroups;
    this.peers = peers;
    this.storage = storage;
    this.loop = loop;
    for (var bytes : loaded.rows(Table.ACTORS).values()) {
      try {
        ActorTableData row = ActorTableData.parseFrom(bytes);
        Actor actor = new Actor(row.getInfo().toBuilder(), row.getRequest());
        if (row.hasRaylet()) {
          actor.raylet = row.getRaylet();
          actor.leaseId = row.getLeaseId();
        }
        actors.put(row.getInfo().getActorId(), actor);
        if (!row.getInfo().getName().isEmpty() && row.getInfo().getState() != ActorState.ACTOR_DEAD) {
          named.put(key(row.getInfo().getNamespace(), row.getInfo().getName()), row.getInfo().getActorId());
        }
      } catch (InvalidProtocolBufferException e) {
        LOG.warning("skipping an actor row the storage holds that does not parse: " + e.getMessage());
      }
    }
  }

  /**
   * Takes up the actors a previous GCS left: a live one's worker is watched again (if it died meanwhile, the actor
   * restarts as after any crash); a pending or restarting one is placed (again).
   */
  public void start() {
    loop.execute(() -> {
      for (Actor actor : List.copyOf(actors.values())) {
        switch (actor.info.getState()) {
          case ACTOR_ALIVE -> {
            int generation = ++actor.generation;
            LOG.info("actor recovered actor=" + NodeManager.hex(actor.info.getActorId()) + " alive at "
                + actor.info.getAddress().getIp() + ":" + actor.info.getAddress().getPort());
            watch(actor, actor.info.getAddress(), generation);
          }
          case ACTOR_PENDING, ACTOR_RESTARTING -> {
            LOG.info("actor recovered actor=" + NodeManager.hex(actor.info.getActorId()) + " "
                + actor.info.getState() + ": placing it");
            schedule(actor);
          }
          default -> {
            if (actor.raylet != null) {
              // Written dead before its worker was given back (the GCS died in between): give it back now.
              releaseWorker(actor, true);
            }
          }
        }
      }
    });
  }

  /** Writes the actor's record; on the loop, before whatever it changed is acknowledged or acted on. */
  private void persist(Actor actor) {
    ActorTableData.Builder row = ActorTableData.newBuilder().setInfo(actor.info).setRequest(actor.request);
    if (actor.raylet != null) {
      row.setRaylet(actor.raylet).setLeaseId(actor.leaseId);
    }
    storage.write(Change.put(Table.ACTORS, actor.info.getActorId(), row.build()));
  }

  private static String key(String namespace, String name) {
    return namespace + "\u0000" + name;
  }

  /** Registers and schedules an actor; fails with ALREADY_EXISTS when its name is taken in its namespace. */
  public CompletableFuture<ActorInfo> create(CreateActorRequest request) {
    return CompletableFuture.supplyAsync(() -> {
      ByteString id = request.getCreationTask().getActorId();
      if (actors.containsKey(id)) {
        return actors.get(id).info.build();
      }
      if (!request.getName().isEmpty()) {
        String k = key(request.getNamespace(), request.getName());
        ByteString holder = named.get(k);
        if (holder != null && actors.get(holder).info.getState() != ActorState.ACTOR_DEAD) {
          throw Status.ALREADY_EXISTS.withDescription("An actor named '" + request.getName()
              + "' already exists in namespace '" + request.getNamespace() + "'.").asRuntimeException();
        }
        named.put(k, id);
      }
      String fn = request.getCreationTask().getFunction().getClassName();
      Actor actor = new Actor(ActorInfo.newBuilder()
          .setActorId(id)
          .setState(ActorState.ACTOR_PENDING)
          .setClassName(fn)
          .setName(request.getName())
          .setNamespace(request.getNamespace())
          .setJobId(request.getCreationTask().getJobId())
          .setDetached(request.getDetached())
          .setMaxRestarts(request.getMaxRestarts())
          .setMaxTaskRetries(request.getMaxTaskRetries())
          .setMaxConcurrency(Math.max(1, request.getCreationTask().getMaxConcurrency()))
          .setMaxPendingCalls(request.getCreationTask().getMaxPendingCalls()), request);
      actors.put(id, actor);
      persist(actor);
      LOG.info("actor registered actor=" + NodeManager.hex(id) + " class=" + fn + " name=" + request.getName());
      schedule(actor);
      return actor.info.build();
    }, loop);
  }

  /** The actor now, or once it is ALIVE or DEAD (at most {@code waitMs} later). */
  public CompletableFuture<Optional<ActorInfo>> get(ByteString id, long waitMs) {
    CompletableFuture<Optional<ActorInfo>> result = new CompletableFuture<>();
    loop.execute(() -> {
      Actor actor = actors.get(id);
      if (actor == null) {
        result.complete(Optional.empty());
        return;
      }
      ActorState state = actor.info.getState();
      if (waitMs <= 0 || state == ActorState.ACTOR_ALIVE || state == ActorState.ACTOR_DEAD) {
        result.complete(Optional.of(actor.info.build()));
        return;
      }
      CompletableFuture<ActorInfo> waiter = new CompletableFuture<>();
      actor.waiters.add(waiter);
      waiter.thenAccept(info -> result.complete(Optional.of(info)));
      loop.schedule(() -> {
        if (actor.waiters.remove(waiter)) {
          result.complete(Optional.of(actor.info.build()));
        }
      }, waitMs, TimeUnit.MILLISECONDS);
    });
    return result;
  }

  public CompletableFuture<Optional<ActorInfo>> getNamed(String name, String namespace) {
    return CompletableFuture.supplyAsync(() -> {
      ByteString id = named.get(key(namespace, name));
      Actor actor = id == null ? null : actors.get(id);
      return actor == null || actor.info.getState() == ActorState.ACTOR_DEAD
          ? Optional.<ActorInfo>empty() : Optional.of(actor.info.build());
    }, loop);
  }

  public CompletableFuture<List<ActorInfo>> all() {
    return CompletableFuture.supplyAsync(() -> actors.values().stream().map(a -> a.info.build()).toList(), loop);
  }

  /** handle.kill(noRestart) and Ray.exitActor(): end the worker; restart only when asked to. */
  public void kill(ByteString id, boolean noRestart, String cause) {
    loop.execute(() -> {
      Actor actor = actors.get(id);
      if (actor == null || actor.info.getState() == ActorState.ACTOR_DEAD) {
        return;
      }
      if (noRestart) {
        actor.killRequested = true;
        markDead(actor, cause);
      }
      releaseWorker(actor, true);
      if (!noRestart) {
        // The watch sees the worker end and restarts it as after a crash.
        LOG.info("actor=" + NodeManager.hex(id) + " killed with restart");
      }
    });
  }

  /** A finished job takes its non-detached actors with it. */
  public void jobFinished(ByteString jobId) {
    loop.execute(() -> {
      for (Actor actor : actors.values()) {
        if (actor.info.getJobId().equals(jobId) && !actor.info.getDetached()
            && actor.info.getState() != ActorState.ACTOR_DEAD) {
          actor.killRequested = true;
          markDead(actor, "its job finished");
          releaseWorker(actor, true);
        }
      }
    });
  }

  /**
   * A node was declared dead: its actors are dead to the cluster even when their worker still runs (the node was
   * paused or cut off, not killed), so they restart elsewhere now, as Ray does; the node ends that worker itself
   * when it hears it was declared dead.
   */
  public void nodeChanged(NodeInfo node) {
    if (node.getState() != io.jray.proto.NodeState.NODE_DEAD) {
      return;
    }
    loop.execute(() -> {
      for (Actor actor : List.copyOf(actors.values())) {
        if (actor.info.getState() == ActorState.ACTOR_ALIVE && actor.info.getNodeId().equals(node.getNodeId())) {
          workerDied(actor, actor.generation, "its node " + NodeManager.hex(node.getNodeId()) + " died");
        }
      }
    });
  }

  /** A placement group was removed: its actors die with it, as in Ray. */
  public void placementGroupRemoved(ByteString placementGroupId) {
    loop.execute(() -> {
      for (Actor actor : actors.values()) {
        TaskSpec creation = actor.request.getCreationTask();
        if (creation.hasPlacement() && creation.getPlacement().getPlacementGroupId().equals(placementGroupId)
            && actor.info.getState() != ActorState.ACTOR_DEAD) {
          actor.killRequested = true;
          markDead(actor, "its placement group was removed");
          releaseWorker(actor, true);
        }
      }
    });
  }

  private void schedule(Actor actor) {
    if (actor.killRequested || actor.info.getState() == ActorState.ACTOR_DEAD) {
      return;
    }
    TaskSpec creation = actor.request.getCreationTask();
    List<NodeInfo> choices;
    if (creation.hasPlacement()) {
      Optional<List<NodeInfo>> holding = nodesHolding(creation.getPlacement());
      if (holding.isEmpty()) {
        markDead(actor, "its placement group " + NodeManager.hex(creation.getPlacement().getPlacementGroupId())
            + " does not exist or was removed");
        return;
      }
      choices = holding.get();
    } else {
      Optional<NodeInfo> picked = pick(actor, creation);
      if (actor.info.getState() == ActorState.ACTOR_DEAD) {
        return;
      }
      choices = picked.map(List::of).orElse(List.of());
    }
    if (choices.isEmpty()) {
      // Nothing fits yet (or the group's bundle is being placed): try again when the cluster may have changed.
      loop.schedule(() -> schedule(actor), RETRY_MS, TimeUnit.MILLISECONDS);
      return;
    }
    NodeInfo node = choices.get(Math.floorMod(nextNode++, choices.size()));
    Address raylet = Address.newBuilder().setIp(node.getNodeIp()).setPort(node.getNodeManagerPort()).build();
    int generation = ++actor.generation;
    RequestWorkerLeaseRequest.Builder lease = RequestWorkerLeaseRequest.newBuilder()
        .setJobId(actor.info.getJobId())
        .setShape(creation.getResources())
        .addAllJobPackages(actor.request.getJobPackagesList())
        .setGrantOrReject(true)
        .setDetachedActor(actor.info.getDetached())
        .setActor(true);
    if (creation.hasPlacement()) {
      lease.setPlacement(creation.getPlacement());
    }
    if (creation.hasWorkerEnv()) {
      lease.setWorkerEnv(creation.getWorkerEnv());
    }
    peers.raylet(raylet).withDeadlineAfter(JrayConfig.LEASE_REQUEST_TIMEOUT_MS.get(), TimeUnit.MILLISECONDS)
        .requestWorkerLease(lease.build(), observer(reply -> loop.execute(() -> {
          if (generation == actor.generation) {
            actor.placementFailures = 0;
          }
          if (generation != actor.generation || reply.getRejected() || !reply.hasWorkerAddress()) {
            if (generation == actor.generation) {
              loop.schedule(() -> schedule(actor), RETRY_MS, TimeUnit.MILLISECONDS);
            }
            return;
          }
          actor.raylet = raylet;
          actor.leaseId = reply.getLeaseId();
          if (actor.killRequested) {
            releaseWorker(actor, true);
            return;
          }
          createOn(actor, reply, generation);
        }), error -> loop.execute(() -> placementFailed(actor, generation, raylet, error))));
  }

  /**
   * The node the actor's strategy picks (none while nothing fits: it waits as pending); a strategy that can never
   * be met (hard affinity to a dead or unknown node, a bad selector) ends the actor with the reason.
   */
  private Optional<NodeInfo> pick(Actor actor, TaskSpec creation) {
    List<NodeInfo> known = nodes.all();
    SchedulingPolicy.Decision decision;
    try {
      decision = scheduler.pick(SchedulingProtos.request(creation.getResources().getAmountsMap(),
          creation.hasScheduling() ? creation.getScheduling() : null),
          known.stream().map(SchedulingProtos::candidate).toList(), null);
    } catch (IllegalArgumentException badSelector) {
      decision = new SchedulingPolicy.Unschedulable(badSelector.getMessage());
    }
    if (decision instanceof SchedulingPolicy.Unschedulable refused) {
      markDead(actor, "it cannot be scheduled: " + refused.reason());
      return Optional.empty();
    }
    if (decision instanceof SchedulingPolicy.Run run) {
      return known.stream().filter(n -> SchedulingProtos.candidate(n).nodeId().equals(run.nodeId())).findFirst();
    }
    return Optional.empty();
  }

  /**
   * No raylet answered a placement: tried again after a backoff (the next try may pick another node), until
   * too many in a row failed; then the actor is dead with the reason, rather than pending forever.
   */
  private void placementFailed(Actor actor, int generation, Address raylet, Throwable error) {
    if (generation != actor.generation) {
      return;
    }
    int failures = ++actor.placementFailures;
    if (retry.exhausted(failures)) {
      markDead(actor, "no raylet answered its placement " + failures + " times in a row (the last, at "
          + raylet.getIp() + ":" + raylet.getPort() + ": " + io.grpc.Status.fromThrowable(error).getCode() + ")");
      return;
    }
    loop.schedule(() -> {
      if (generation == actor.generation) {
        schedule(actor);
      }
    }, retry.delayMs(failures), TimeUnit.MILLISECONDS);
  }

  /** The live nodes holding the bundle(s) the selector asks for; empty when the group is gone. */
  private Optional<List<NodeInfo>> nodesHolding(BundleId selector) {
    return placementGroups.bundleNodes(selector.getPlacementGroupId()).map(bundleNodes -> {
      List<ByteString> wanted = selector.getBundleIndex() < 0 ? bundleNodes
          : selector.getBundleIndex() < bundleNodes.size() ? List.of(bundleNodes.get(selector.getBundleIndex()))
          : List.of();
      return nodes.alive().stream().filter(n -> wanted.contains(n.getNodeId())).toList();
    });
  }

  private void createOn(Actor actor, RequestWorkerLeaseReply lease, int generation) {
    Address worker = lease.getWorkerAddress();
    var spec = actor.request.getCreationTask().toBuilder()
        .setActorRestarted(actor.info.getNumRestarts() > 0).build();
    peers.coreWorker(worker).pushTask(PushTaskRequest.newBuilder().setSpec(spec).build(), observer(
        reply -> loop.execute(() -> created(actor, lease, worker, reply, generation)),
        error -> loop.execute(() -> workerDied(actor, generation, "its worker died during creation"))));
  }

  private void created(Actor actor, RequestWorkerLeaseReply lease, Address worker, PushTaskReply reply, int generation) {
    if (generation != actor.generation || actor.info.getState() == ActorState.ACTOR_DEAD) {
      return;
    }
    if (reply.hasError()) {
      markDead(actor, "its constructor threw " + reply.getError().getExceptionClass() + ": " + reply.getError().getMessage());
      releaseWorker(actor, true);
      return;
    }
    actor.info.setState(ActorState.ACTOR_ALIVE).setAddress(worker).setNodeId(lease.getNodeId());
    persist(actor);
    LOG.info("actor alive actor=" + NodeManager.hex(actor.info.getActorId()) + " worker=" + worker.getIp() + ":" + worker.getPort());
    notifyWaiters(actor);
    watch(actor, worker, generation);
  }

  /** The watch stream ends when the worker process does: that is how the GCS learns of its death. */
  private void watch(Actor actor, Address worker, int generation) {
    peers.coreWorker(worker).watchWorker(WatchWorkerRequest.getDefaultInstance(), observer(r -> {},
        error -> loop.execute(() -> workerDied(actor, generation, "its worker process died"))));
  }

  private void workerDied(Actor actor, int generation, String cause) {
    if (generation != actor.generation || actor.info.getState() == ActorState.ACTOR_DEAD) {
      return;
    }
    releaseWorker(actor, true);
    int max = actor.info.getMaxRestarts();
    if (!actor.killRequested && (max < 0 || actor.info.getNumRestarts() < max)) {
      actor.info.setState(ActorState.ACTOR_RESTARTING).clearAddress()
          .setNumRestarts(actor.info.getNumRestarts() + 1);
      persist(actor);
      LOG.info("actor restarting actor=" + NodeManager.hex(actor.info.getActorId()) + " restart="
          + actor.info.getNumRestarts() + " because " + cause);
      schedule(actor);
    } else {
      markDead(actor, cause + (max == 0 ? " (max_restarts=0)" : " and its restarts are used up (max_restarts=" + max + ")"));
    }
  }

  private void markDead(Actor actor, String cause) {
    actor.info.setState(ActorState.ACTOR_DEAD).setDeathCause(cause).clearAddress();
    actor.generation++;
    persist(actor);
    LOG.info("actor dead actor=" + NodeManager.hex(actor.info.getActorId()) + " cause=" + cause);
    notifyWaiters(actor);
  }

  private void notifyWaiters(Actor actor) {
    ActorInfo info = actor.info.build();
    List<CompletableFuture<ActorInfo>> waiters = new ArrayList<>(actor.waiters);
    actor.waiters.clear();
    waiters.forEach(w -> w.complete(info));
  }

  /** Gives the worker back to its raylet; disconnect kills the process (an actor's worker is never reused). */
  private void releaseWorker(Actor actor, boolean disconnect) {
    if (actor.raylet == null) {
      return;
    }
    Address raylet = actor.raylet;
    long leaseId = actor.leaseId;
    actor.raylet = null;
    if (actor.info.getState() == ActorState.ACTOR_DEAD) {
      persist(actor); // its row no longer names a lease: a GCS that comes back has nothing to give back
    }
    peers.raylet(raylet).withDeadlineAfter(JrayConfig.RPC_TIMEOUT_MS.get(), TimeUnit.MILLISECONDS)
        .returnWorker(ReturnWorkerRequest.newBuilder().setLeaseId(leaseId).setDisconnect(disconnect).build(),
            observer((ReturnWorkerReply r) -> {}, e -> {}));
  }

  private static <T> StreamObserver<T> observer(java.util.function.Consumer<T> onNext,
      java.util.function.Consumer<Throwable> onError) {
    return new StreamObserver<>() {
      boolean done;

      @Override
      public void onNext(T value) {
        if (!done) {
          onNext.accept(value);
        }
      }

      @Override
      public void onError(Throwable t) {
        done = true;
        onError.accept(t);
      }

      @Override
      public void onCompleted() {}
    };
  }

  @Override
  public void close() {
    // the loop is the GCS's, which shuts it down
  }
}
