package io.jray.runtime;

import com.google.protobuf.ByteString;
import io.jray.api.ActorHandle;
import io.jray.api.ObjectRef;
import io.jray.api.WaitResult;
import io.jray.api.exception.RayTimeoutException;
import io.jray.api.function.RayFunc;
import io.jray.api.function.RayFuncVoid;
import io.jray.api.exception.RayException;
import io.jray.api.id.ActorId;
import io.jray.api.id.JobId;
import io.jray.api.id.ObjectId;
import io.jray.api.id.PlacementGroupId;
import io.jray.api.id.TaskId;
import io.jray.api.options.ActorCallOptions;
import io.jray.api.options.ActorCreationOptions;
import io.jray.api.options.CallOptions;
import io.jray.api.options.PlacementGroupCreationOptions;
import io.jray.api.placementgroup.PlacementGroup;
import io.jray.api.runtime.RayRuntime;
import io.jray.api.runtimecontext.RuntimeContext;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.jray.api.options.ActorLifetime;
import io.jray.proto.CreateActorRequest;
import io.jray.proto.FunctionDescriptor;
import io.jray.proto.ResourceMap;
import io.jray.proto.TaskArg;
import io.jray.proto.TaskSpec;
import io.jray.proto.BundleId;
import io.jray.runtime.actor.ActorHandleImpl;
import io.jray.runtime.actor.ActorGroupSpecs;
import io.jray.runtime.placementgroup.BundleSelector;
import io.jray.runtime.placementgroup.PlacementGroupImpl;
import io.jray.runtime.function.FunctionDescriptors;
import io.jray.runtime.object.MemoryStore;
import io.jray.runtime.object.ObjectRefImpl;
import io.jray.runtime.object.ObjectResolver;
import io.jray.runtime.object.RayErrors;
import io.jray.runtime.object.StoredObject;
import io.jray.runtime.serialization.Serializer;
import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.task.TaskSubmitter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The runtime behind {@code io.jray.api.Ray} in a driver or a worker: puts and gets through the owner's
 * memory store and the object resolver, tasks through the submitter. Built and wired by {@link CoreWorker}.
 */
public final class RayRuntimeImpl implements RayRuntime {
  private static final Map<String, Double> DEFAULT_TASK_RESOURCES = Map.of("CPU", 1.0);

  private final CoreWorker core;

  RayRuntimeImpl(CoreWorker core) {
    this.core = core;
    core.onOwnedPuts(this::adoptPut);
  }

  public CoreWorker core() {
    return core;
  }

  private Serializer serializer() {
    return core.serializer();
  }

  @Override
  public <T> ObjectRef<T> put(T obj) {
    return putOwnedHere(ObjectId.fromRandom().getBytes(), obj);
  }

  @Override
  public <T> ObjectRef<T> put(T obj, io.jray.api.BaseActorHandle owner) {
    ByteString actorId = ByteString.copyFrom(owner.getId().getBytes());
    if (actorId.equals(core.taskContext().actorId())) {
      return put(obj); // the owner is the caller
    }
    List<ObjectRefImpl<?>> nested = new ArrayList<>(0);
    byte[] value = serializer().serialize(obj, nested);
    if (!nested.isEmpty()) {
      throw new IllegalArgumentException("A value put with an owner may not contain refs (it holds " + nested.size()
          + "): put it without an owner, or put the refs' values.");
    }
    io.jray.proto.ActorInfo actor = aliveOwner(actorId, owner.getId());
    byte[] id = ObjectId.fromRandom().getBytes();
    try {
      core.peers().coreWorkerBlocking(actor.getAddress())
          .withDeadlineAfter(JrayConfig.RPC_TIMEOUT_MS.get(), java.util.concurrent.TimeUnit.MILLISECONDS)
          .putOwnedObject(io.jray.proto.PutOwnedObjectRequest.newBuilder().setObjectId(ByteString.copyFrom(id))
              .setValue(ByteString.copyFrom(value)).setBorrower(core.address()).build());
    } catch (StatusRuntimeException e) {
      throw new RayException("The actor " + owner.getId().toHex() + " could not take the object: "
          + e.getStatus().getDescription(), e);
    }
    return core.refs().adoptLent(new ObjectRefImpl<>(id, actor.getAddress().getIp(), actor.getAddress().getPort()));
  }

  /** The owner actor once it is alive (a just-created one is waited for, as its calls are), else RayActorException. */
  private io.jray.proto.ActorInfo aliveOwner(ByteString actorId, ActorId id) {
    long deadline = System.currentTimeMillis() + JrayConfig.LEASE_REQUEST_TIMEOUT_MS.get() * 3;
    while (true) {
      Optional<io.jray.proto.ActorInfo> info = core.gcs().getActorInfo(actorId, 1000);
      if (info.isPresent() && info.get().getState() == io.jray.proto.ActorState.ACTOR_ALIVE) {
        return info.get();
      }
      if (info.isEmpty() || info.get().getState() == io.jray.proto.ActorState.ACTOR_DEAD
          || System.currentTimeMillis() > deadline) {
        throw new io.jray.api.exception.RayActorException("The actor " + id.toHex() + " cannot own the object: it "
            + (info.isEmpty() ? "is unknown to the cluster." : "is " + info.get().getState().name()
            .replace("ACTOR_", "").toLowerCase(java.util.Locale.ROOT) + "."), id);
      }
      sleep(50);
    }
  }

  /**
   * Stores a value another process put with this one (an actor) as its owner, as the bytes it sent (this process
   * need not have the value's classes), and counts that process as holding it, before it hears back.
   */
  void adoptPut(ByteString id, byte[] value, io.jray.proto.Address borrower) {
    StoredObject stored = core.largeObjects().keep(id, value);
    ObjectRefImpl<Object> ref = core.refs().track(new ObjectRefImpl<>(id.toByteArray(), core.address().getIp(),
        core.address().getPort()));
    core.store().put(ref.idBytes(), stored);
    core.lineage().absent(ref.idBytes(), io.jray.runtime.lineage.Lineage.Missing.PUT, "");
    core.refs().lendTo(borrower, List.of(ref));
    java.lang.ref.Reference.reachabilityFence(ref);
  }

  private <T> ObjectRefImpl<T> putOwnedHere(byte[] id, T obj) {
    List<ObjectRefImpl<?>> nested = new ArrayList<>(0);
    StoredObject stored = core.largeObjects().keep(ByteString.copyFrom(id), obj, serializer(), nested);
    ObjectRefImpl<T> ref =
        core.refs().track(new ObjectRefImpl<>(id, core.address().getIp(), core.address().getPort()), nested);
    core.store().put(ref.idBytes(), stored);
    core.lineage().absent(ref.idBytes(), io.jray.runtime.lineage.Lineage.Missing.PUT, "");
    if (core.metrics() != null) {
      core.metrics().objectPut();
    }
    // The refs inside obj must stay reachable until the new object holds them.
    java.lang.ref.Reference.reachabilityFence(obj);
    return ref;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T get(ObjectRef<T> ref, long timeoutMs) {
    ObjectResolver resolver = core.resolver();
    // Only a get that waits counts as blocked (a blocked task lends its CPU through the raylet).
    long deadline = timeoutMs < 0 ? Long.MAX_VALUE : System.currentTimeMillis() + timeoutMs;
    StoredObject object = resolver.isReadyHere(impl(ref)) ? resolver.resolve(impl(ref), timeoutMs)
        : core.blocking(() -> resolver.resolve(impl(ref), timeoutMs));
    byte[] bytes = null;
    for (int lost = 0; bytes == null; lost++) {
      if (object.isError()) {
        throw RayErrors.toException(object.error(), serializer());
      }
      try {
        bytes = core.largeObjects().bytes(impl(ref).idBytes(), object);
      } catch (io.jray.runtime.object.CopyLostException e) {
        if (lost >= ObjectResolver.MAX_LOST_COPIES_PER_READ) {
          throw new io.jray.api.exception.UnreconstructableException(e.getMessage(), ref.getId());
        }
        // The owner (this process, or the one asked) finds another copy or rebuilds the object; get waits for it.
        long remaining = timeoutMs < 0 ? -1 : Math.max(0, deadline - System.currentTimeMillis());
        object = core.blocking(() -> resolver.resolve(impl(ref), remaining, e.storedAt()));
      }
    }
    T value = (T) serializer().deserialize(bytes);
    // The object holds the refs inside its value until the reads registered them, so it must not be freed before.
    java.lang.ref.Reference.reachabilityFence(ref);
    return value;
  }

  @Override
  public <T> List<T> get(List<ObjectRef<T>> refs, long timeoutMs) {
    long deadline = timeoutMs < 0 ? Long.MAX_VALUE : System.currentTimeMillis() + timeoutMs;
    List<T> values = new ArrayList<>(refs.size());
    for (ObjectRef<T> ref : refs) {
      long remaining = timeoutMs < 0 ? -1 : Math.max(0, deadline - System.currentTimeMillis());
      values.add(get(ref, remaining));
    }
    return values;
  }

  @Override
  public <T> WaitResult<T> wait(List<ObjectRef<T>> refs, int numReturns, long timeoutMs, boolean fetchLocal) {
    long deadline = timeoutMs < 0 ? Long.MAX_VALUE : System.currentTimeMillis() + timeoutMs;
    WaitResult<T> now = poll(refs, numReturns);
    if (now.getReady().size() >= numReturns || timeoutMs == 0) {
      return now;
    }
    // One blocked stretch for the whole wait (a blocked task lends its CPU through the raylet).
    return core.blocking(() -> waitUntil(refs, numReturns, deadline));
  }

  private <T> WaitResult<T> poll(List<ObjectRef<T>> refs, int numReturns) {
    List<ObjectRef<T>> ready = new ArrayList<>();
    List<ObjectRef<T>> unready = new ArrayList<>();
    for (ObjectRef<T> ref : refs) {
      if (ready.size() < numReturns && core.resolver().isReady(impl(ref))) {
        ready.add(ref);
      } else {
        unready.add(ref);
      }
    }
    return new WaitResult<>(ready, unready);
  }

  private <T> WaitResult<T> waitUntil(List<ObjectRef<T>> refs, int numReturns, long deadline) {
    long pause = 1;
    while (true) {
      WaitResult<T> now = poll(refs, numReturns);
      if (now.getReady().size() >= numReturns || System.currentTimeMillis() >= deadline) {
        return now;
      }
      sleep(Math.min(pause, Math.max(1, deadline - System.currentTimeMillis())));
      pause = Math.min(pause * 2, 20);
    }
  }

  @Override
  public ObjectRef<Object> call(RayFunc func, Object[] args, CallOptions options) {
    Map<String, Double> shape = options.getResources().isEmpty() ? DEFAULT_TASK_RESOURCES : options.getResources();
    // Checked before the spec is made: a refused placement must leave no pending return or held ref behind.
    BundleId placement = BundleSelector.of(options.getPlacementGroup(), options.getBundleIndex(), shape,
        () -> "the task " + (options.getName() != null ? options.getName()
            : FunctionDescriptors.displayName(FunctionDescriptors.of(func))));
    io.jray.proto.SchedulingStrategy scheduling = scheduling(placement, options.getSchedulingStrategy(),
        options.getLabelSelector());
    Map<Integer, CompletableFuture<StoredObject>> dependencies = new HashMap<>();
    List<ObjectRefImpl<?>> nested = new ArrayList<>(0);
    TaskSpec.Builder spec = newSpec(func, args, options.getName(), dependencies, nested, false)
        .setResources(ResourceMap.newBuilder().putAllAmounts(shape))
        .setMaxRetries(options.getMaxRetries())
        .setRetryExceptions(options.isRetryExceptions());
    if (placement != null) {
      spec.setPlacement(placement);
    }
    if (scheduling != null) {
      spec.setScheduling(scheduling);
    }
    io.jray.proto.WorkerEnv env = core.workerEnvs().of(options.getRuntimeEnv(), List.of());
    if (env != null) {
      spec.setWorkerEnv(env);
    }
    core.refs().holdForTask(spec.getTaskId(), nested);
    core.submitter().submit(spec.build(), dependencies);
    // The ref arguments must stay reachable until submit counted them as used, or the cleaner could free them.
    java.lang.ref.Reference.reachabilityFence(args);
    return returnRef(spec);
  }

  /**
   * The wire strategy (null: the default on any node), checked before the spec is made. A placement group is a
   * strategy of its own (as in Ray), so it takes no other.
   */
  private static io.jray.proto.SchedulingStrategy scheduling(BundleId placement,
      io.jray.api.scheduling.SchedulingStrategy strategy, Map<String, String> labelSelector) {
    io.jray.proto.SchedulingStrategy wire = io.jray.runtime.scheduling.StrategyProtos.of(strategy, labelSelector);
    if (wire != null && placement != null) {
      throw new IllegalArgumentException("A placement group already decides where this runs: it takes no "
          + "scheduling strategy or label selector besides (" + strategy + ", " + labelSelector + ").");
    }
    return wire;
  }

  /**
   * A task spec with its function, arguments, owner and a fresh return object (pending in the memory store,
   * except for an actor's creation, whose return nobody reads). Ref arguments this process owns are noted in
   * {@code dependencies} (null: the worker fetches them); refs inside argument values are added to {@code nested}.
   */
  private TaskSpec.Builder newSpec(RayFunc func, Object[] args, String name,
      Map<Integer, CompletableFuture<StoredObject>> dependencies, List<ObjectRefImpl<?>> nested, boolean creation) {
    FunctionDescriptor function = FunctionDescriptors.of(func);
    TaskSpec.Builder spec = TaskSpec.newBuilder()
        .setTaskId(ByteString.copyFrom(TaskId.fromRandom().getBytes()))
        .setJobId(core.jobId())
        .setName(name != null ? name : FunctionDescriptors.displayName(function))
        .setFunction(function)
        .setOwner(core.address())
        .setReturnId(ByteString.copyFrom(ObjectId.fromRandom().getBytes()))
        .setReturnsVoid(func instanceof RayFuncVoid);
    for (int i = 0; i < args.length; i++) {
      if (args[i] instanceof ObjectRefImpl<?> argRef) {
        if (dependencies != null && core.resolver().ownedHere(argRef)) {
          CompletableFuture<StoredObject> owned = core.store().get(argRef.idBytes());
          if (owned != null) {
            dependencies.put(i, owned);
          } // else freed or lost: the worker asks this owner and reports the object lost
        }
        spec.addArgs(TaskArg.newBuilder().setRef(argRef.toProto()));
      } else {
        spec.addArgs(TaskArg.newBuilder().setValue(ByteString.copyFrom(serializer().serialize(args[i], nested))));
      }
    }
    if (!creation) {
      core.store().create(spec.getReturnId());
    }
    return spec;
  }

  private <T> ObjectRef<T> returnRef(TaskSpec.Builder spec) {
    return core.refs().track(
        new ObjectRefImpl<>(spec.getReturnId().toByteArray(), core.address().getIp(), core.address().getPort()));
  }

  @Override
  public void cancel(ObjectRef<?> ref, boolean force, boolean recursive) {
    core.submitter().cancel(impl(ref).idBytes(), force);
  }

  @Override
  public RuntimeContext getRuntimeContext() {
    return core.context();
  }

  @Override
  public <A> ActorHandle<A> createActor(RayFunc func, Object[] args, ActorCreationOptions options) {
    byte[] actorId = ActorId.of(JobId.fromBytes(core.jobId().toByteArray())).getBytes();
    BundleId placement = BundleSelector.of(options.getPlacementGroup(), options.getBundleIndex(),
        options.getResources(), () -> "the actor " + FunctionDescriptors.displayName(FunctionDescriptors.of(func)));
    io.jray.proto.SchedulingStrategy scheduling = scheduling(placement, options.getSchedulingStrategy(),
        options.getLabelSelector());
    List<ObjectRefImpl<?>> nested = new ArrayList<>(0);
    TaskSpec.Builder spec = newSpec(func, args, null, null, nested, true)
        .setActorId(ByteString.copyFrom(actorId))
        .setActorCreation(true)
        .setMaxConcurrency(options.isMaxConcurrencySet() ? options.getMaxConcurrency() : 0) // 0: by the actor's kind
        .setMaxPendingCalls(Math.max(0, options.getMaxPendingCalls()))
        .addAllConcurrencyGroups(ActorGroupSpecs.of(options.getConcurrencyGroups()))
        .setResources(ResourceMap.newBuilder().putAllAmounts(options.getResources()));
    if (placement != null) {
      spec.setPlacement(placement);
    }
    if (scheduling != null) {
      spec.setScheduling(scheduling);
    }
    io.jray.proto.WorkerEnv env = core.workerEnvs().of(options.getRuntimeEnv(), options.getJvmOptions());
    if (env != null) {
      spec.setWorkerEnv(env);
    }
    core.refs().pinArgs(spec.build(), nested);
    java.lang.ref.Reference.reachabilityFence(args);
    String namespace = options.getNamespace() != null ? options.getNamespace() : core.namespace();
    try {
      core.gcs().createActor(CreateActorRequest.newBuilder()
          .setCreationTask(spec)
          .setName(options.getName() == null ? "" : options.getName())
          .setNamespace(namespace)
          .setDetached(options.getLifetime() == ActorLifetime.DETACHED)
          .setMaxRestarts(options.getMaxRestarts())
          .setMaxTaskRetries(options.getMaxTaskRetries())
          .addAllJobPackages(core.jobPackages())
          .build());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.ALREADY_EXISTS) {
        throw new IllegalArgumentException(e.getStatus().getDescription());
      }
      throw new RayException("Could not create the actor " + spec.getName() + ": " + e.getStatus(), e);
    }
    return new ActorHandleImpl<>(actorId, options.getMaxPendingCalls());
  }

  @Override
  public ObjectRef<Object> callActor(ActorHandle<?> actor, RayFunc func, Object[] args, ActorCallOptions options) {
    ByteString actorId = ByteString.copyFrom(actor.getId().getBytes());
    int limit = actor instanceof ActorHandleImpl<?> handle ? handle.maxPendingCalls() : 0;
    if (limit > 0 && core.actorSubmitter().pendingCalls(actorId) >= limit) {
      throw io.jray.api.exception.PendingCallsLimitExceededException.of(actor.getId(), limit);
    }
    Map<Integer, CompletableFuture<StoredObject>> ownedArgs = new HashMap<>();
    List<ObjectRefImpl<?>> nested = new ArrayList<>(0);
    TaskSpec.Builder spec = newSpec(func, args, options.getName(), ownedArgs, nested, false)
        .setActorId(actorId);
    if (options.getConcurrencyGroup() != null) {
      spec.setConcurrencyGroup(options.getConcurrencyGroup());
    }
    core.refs().holdForTask(spec.getTaskId(), nested);
    core.actorSubmitter().submit(spec.build(), ownedArgs);
    java.lang.ref.Reference.reachabilityFence(args);
    return returnRef(spec);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <A> Optional<ActorHandle<A>> getActor(String name, String namespace) {
    return core.gcs().getNamedActor(name, namespace != null ? namespace : core.namespace())
        .map(info -> (ActorHandle<A>) new ActorHandleImpl<A>(info.getActorId().toByteArray(),
            info.getMaxPendingCalls()));
  }

  @Override
  public void killActor(ActorHandle<?> actor, boolean noRestart) {
    core.gcs().killActor(ByteString.copyFrom(actor.getId().getBytes()), noRestart, false);
  }

  @Override
  public void exitActor() {
    ByteString actorId = core.taskContext().actorId();
    if (actorId == null) {
      throw new IllegalStateException("Ray.exitActor() can only be called from inside an actor.");
    }
    core.gcs().killActor(actorId, true, true);
    Runtime.getRuntime().halt(0);
  }

  @Override
  public PlacementGroup createPlacementGroup(PlacementGroupCreationOptions options) {
    if (options == null) {
      throw new IllegalArgumentException("Placement group options must not be null: build them with "
          + "PlacementGroupCreationOptions.Builder (which checks the bundles).");
    }
    try {
      return PlacementGroupImpl.of(core.gcs().createPlacementGroup(
          PlacementGroupImpl.newGroup(options, core.jobId(), core.namespace())));
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.ALREADY_EXISTS) {
        throw new IllegalArgumentException(e.getStatus().getDescription());
      }
      throw new RayException("Could not create the placement group " + options + ": " + e.getStatus(), e);
    }
  }

  @Override
  public void removePlacementGroup(PlacementGroupId id) {
    core.gcs().removePlacementGroup(ByteString.copyFrom(id.getBytes()));
  }

  @Override
  public PlacementGroup getPlacementGroup(PlacementGroupId id) {
    return core.gcs().getPlacementGroup(ByteString.copyFrom(id.getBytes())).map(PlacementGroupImpl::of).orElse(null);
  }

  @Override
  public boolean waitPlacementGroupReady(PlacementGroupId id, int timeoutSeconds) {
    if (timeoutSeconds < 0) {
      throw new IllegalArgumentException("timeoutSeconds = " + timeoutSeconds + " is invalid: it must be >= 0");
    }
    return core.blocking(() -> core.gcs().waitPlacementGroupUntilReady(ByteString.copyFrom(id.getBytes()),
        timeoutSeconds * 1000L));
  }

  @Override
  public void free(List<ObjectRef<?>> refs) {
    for (ObjectRef<?> ref : refs) {
      if (core.resolver().ownedHere(impl(ref))) {
        core.store().free(impl(ref).idBytes());
      }
    }
  }

  @Override
  public List<PlacementGroup> getAllPlacementGroups() {
    return core.gcs().getAllPlacementGroups().stream().map(g -> (PlacementGroup) PlacementGroupImpl.of(g)).toList();
  }

  @Override
  public void shutdown() {
    core.close();
  }

  private static ObjectRefImpl<?> impl(ObjectRef<?> ref) {
    if (ref instanceof ObjectRefImpl<?> impl) {
      return impl;
    }
    throw new IllegalArgumentException("not a jray object ref: " + ref);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RayTimeoutException("Interrupted while waiting.");
    }
  }

}
