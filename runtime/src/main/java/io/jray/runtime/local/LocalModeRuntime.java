package io.jray.runtime.local;

import com.google.protobuf.ByteString;
import io.jray.api.ActorHandle;
import io.jray.api.ObjectRef;
import io.jray.api.WaitResult;
import io.jray.api.function.RayFunc;
import io.jray.api.function.RayFuncVoid;
import io.jray.api.id.ActorId;
import io.jray.api.id.JobId;
import io.jray.api.id.NodeId;
import io.jray.api.id.ObjectId;
import io.jray.api.id.PlacementGroupId;
import io.jray.api.options.ActorCallOptions;
import io.jray.api.options.ActorCreationOptions;
import io.jray.api.options.CallOptions;
import io.jray.api.options.PlacementGroupCreationOptions;
import io.jray.api.placementgroup.PlacementGroup;
import io.jray.api.runtime.RayRuntime;
import io.jray.api.runtimecontext.RuntimeContext;
import io.jray.proto.ErrorType;
import io.jray.proto.FunctionDescriptor;
import io.jray.proto.PlacementGroupInfo;
import io.jray.runtime.actor.ActorGroupSpecs;
import io.jray.runtime.actor.ActorHandleImpl;
import io.jray.runtime.function.FunctionDescriptors;
import io.jray.runtime.function.FunctionResolver;
import io.jray.runtime.object.ObjectRefImpl;
import io.jray.runtime.object.RayErrors;
import io.jray.runtime.object.RefObserver;
import io.jray.runtime.object.StoredObject;
import io.jray.runtime.placementgroup.PlacementGroupImpl;
import io.jray.runtime.serialization.ForySerializer;
import io.jray.runtime.serialization.Serializer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * jray's local mode ({@code jray.run-mode=LOCAL}, Ray's LOCAL_MODE): tasks and actors run inside the driver JVM
 * on threads, with no daemon, for unit tests of user code and for debugging with a breakpoint. Arguments and
 * results still go through serialization (a value that cannot cross processes fails here too); each actor keeps
 * its callers' order (calls made before its creation finished wait for it, which Ray's local mode does not
 * guarantee); exceptions, {@code get} timeouts, {@code wait}, cancellation, named actors, kills and restarts
 * behave as on a cluster. Resources, scheduling strategies and placement groups are accepted and not enforced:
 * everything runs at once, as if the one node had room. Objects are kept until {@code shutdown} (or freed).
 */
public final class LocalModeRuntime implements RayRuntime {
  private static final String OWNER_HOST = "local-mode";

  private final JobId jobId = JobId.fromRandom();
  private final NodeId nodeId = NodeId.fromRandom();
  private final String namespace;
  private final LocalObjects objects = new LocalObjects();
  /**
   * Built on a thread of its own while init returns (making Fory takes most of a cold start); the first value
   * written or read waits for it.
   */
  private final java.util.concurrent.CompletableFuture<Serializer> fory =
      java.util.concurrent.CompletableFuture.supplyAsync(LocalModeRuntime::newSerializer, r -> {
        Thread t = new Thread(r, "local-serializer-init");
        t.setDaemon(true);
        t.start();
      });
  private final LocalTaskFrames frames = new LocalTaskFrames();
  private final LocalInvoker invoker;
  private final ExecutorService taskThreads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "local-task");
    t.setDaemon(true);
    return t;
  });
  private final Map<ActorId, LocalActor> actors = new ConcurrentHashMap<>();
  /** Named actors by namespace and name; guarded by itself. */
  private final Map<List<String>, ActorId> named = new ConcurrentHashMap<>();
  private final Map<PlacementGroupId, PlacementGroupInfo> groups = new ConcurrentHashMap<>();
  /** Normal tasks not finished yet, by return id: what cancel may stop. */
  private final Map<ByteString, TaskRun> unfinished = new ConcurrentHashMap<>();
  private final LocalRuntimeContext context;

  public LocalModeRuntime(String namespace) {
    this.namespace = namespace == null || namespace.isBlank() ? java.util.UUID.randomUUID().toString() : namespace;
    this.invoker = new LocalInvoker(new FunctionResolver(loader()), this::serializer, objects);
    this.context = new LocalRuntimeContext(jobId, nodeId, this.namespace, frames);
  }

  private static Serializer newSerializer() {
    return new ForySerializer(new RefObserver() {
      @Override
      public void deserialized(List<ObjectRefImpl<?>> refs) {}

      @Override
      public void pin(List<ObjectRefImpl<?>> refs) {}
    });
  }

  private Serializer serializer() {
    return fory.join();
  }

  private static ClassLoader loader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : LocalModeRuntime.class.getClassLoader();
  }

  // ---- objects

  @Override
  public <T> ObjectRef<T> put(T obj) {
    ObjectRefImpl<T> ref = newRef();
    objects.create(ref.idBytes());
    objects.complete(ref.idBytes(), StoredObject.ofValue(serializer().serialize(obj, new ArrayList<>(0))));
    return ref;
  }

  /** One process: the owner makes no difference. */
  @Override
  public <T> ObjectRef<T> put(T obj, io.jray.api.BaseActorHandle owner) {
    return put(obj);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T get(ObjectRef<T> ref, long timeoutMs) {
    ObjectRefImpl<?> impl = impl(ref);
    StoredObject object = objects.await(impl.idBytes(), impl.toString(), timeoutMs);
    if (object.isError()) {
      throw RayErrors.toException(object.error(), serializer());
    }
    return (T) serializer().deserialize(object.value());
  }

  @Override
  public <T> List<T> get(List<ObjectRef<T>> refs, long timeoutMs) {
    long deadline = timeoutMs < 0 ? Long.MAX_VALUE : System.currentTimeMillis() + timeoutMs;
    List<T> values = new ArrayList<>(refs.size());
    for (ObjectRef<T> ref : refs) {
      values.add(get(ref, timeoutMs < 0 ? -1 : Math.max(0, deadline - System.currentTimeMillis())));
    }
    return values;
  }

  @Override
  public <T> WaitResult<T> wait(List<ObjectRef<T>> refs, int numReturns, long timeoutMs, boolean fetchLocal) {
    refs.forEach(r -> objects.future(impl(r).idBytes(), r.toString()));
    long deadline = timeoutMs < 0 ? Long.MAX_VALUE : System.currentTimeMillis() + timeoutMs;
    objects.awaitUntil(() -> refs.stream().filter(r -> objects.isReady(impl(r).idBytes())).count() >= numReturns,
        deadline);
    List<ObjectRef<T>> ready = new ArrayList<>();
    List<ObjectRef<T>> unready = new ArrayList<>();
    for (ObjectRef<T> ref : refs) {
      (ready.size() < numReturns && objects.isReady(impl(ref).idBytes()) ? ready : unready).add(ref);
    }
    return new WaitResult<>(ready, unready);
  }

  @Override
  public void free(List<ObjectRef<?>> refs) {
    objects.free(refs.stream().map(r -> impl(r).idBytes()).toList());
  }

  // ---- tasks

  @Override
  public ObjectRef<Object> call(RayFunc func, Object[] args, CallOptions options) {
    FunctionDescriptor function = FunctionDescriptors.of(func);
    String name = options.getName() != null ? options.getName() : FunctionDescriptors.displayName(function);
    Object[] captured = invoker.capture(args);
    ObjectRefImpl<Object> ref = newRef();
    ByteString id = ref.idBytes();
    objects.create(id);
    boolean returnsVoid = func instanceof RayFuncVoid;
    TaskRun run = new TaskRun();
    unfinished.put(id, run);
    taskThreads.execute(() -> {
      if (!run.start()) {
        unfinished.remove(id);
        objects.complete(id, cancelledError(name));
        return;
      }
      frames.enter(ByteString.copyFrom(io.jray.api.id.TaskId.fromRandom().getBytes()), null, false);
      StoredObject outcome;
      try {
        outcome = invoker.invoke(function, name, null, captured, returnsVoid);
        for (int retries = options.getMaxRetries(); outcome.isError() && options.isRetryExceptions()
            && outcome.error().getType() == ErrorType.TASK_EXCEPTION && retries != 0; retries--) {
          outcome = invoker.invoke(function, name, null, captured, returnsVoid);
        }
      } finally {
        frames.exit();
        run.finish();
        unfinished.remove(id);
        Thread.interrupted(); // a cancel that came as the task ended must not reach the thread's next task
      }
      objects.complete(id, outcome);
    });
    return ref;
  }

  /** One normal task's run, which cancel interrupts only while it runs (its thread is pooled). */
  private static final class TaskRun {
    private Thread thread;
    private boolean cancelled;
    private boolean finished;

    /** @return false when it was cancelled before it started */
    synchronized boolean start() {
      if (cancelled) {
        return false;
      }
      thread = Thread.currentThread();
      return true;
    }

    synchronized void finish() {
      thread = null;
      finished = true;
    }

    synchronized void cancel() {
      if (finished) {
        return;
      }
      if (thread != null) {
        thread.interrupt();
      } else {
        cancelled = true;
      }
    }
  }

  @Override
  /** Cancels a normal task (queued: it never runs; running: interrupted); actor calls and puts are left alone. */
  public void cancel(ObjectRef<?> ref, boolean force, boolean recursive) {
    TaskRun run = unfinished.get(impl(ref).idBytes());
    if (run != null) {
      run.cancel();
    }
  }

  private static StoredObject cancelledError(String name) {
    return StoredObject.ofError(RayErrors.of(ErrorType.TASK_CANCELLED, name, "Task " + name + " was cancelled."));
  }

  // ---- actors

  @Override
  public <A> ActorHandle<A> createActor(RayFunc func, Object[] args, ActorCreationOptions options) {
    String actorNamespace = options.getNamespace() != null ? options.getNamespace() : namespace;
    ActorId id = ActorId.of(jobId);
    LocalActor actor = new LocalActor(id, FunctionDescriptors.of(func), invoker.capture(args),
        options.isMaxConcurrencySet() ? options.getMaxConcurrency() : 0, ActorGroupSpecs.of(options.getConcurrencyGroups()), options.getMaxRestarts(),
        options.getMaxPendingCalls(), invoker, frames);
    synchronized (named) {
      List<String> key = options.getName() == null ? null : List.of(actorNamespace, options.getName());
      if (key != null) {
        ActorId existing = named.get(key);
        if (existing != null && actors.get(existing).isAlive()) {
          throw new IllegalArgumentException("An actor named " + options.getName() + " already exists in the"
              + " namespace " + actorNamespace + ".");
        }
      }
      actor.start(); // its threads first: groups that cannot work fail here, before the name is taken
      actors.put(id, actor);
      if (key != null) {
        named.put(key, id);
      }
    }
    return new ActorHandleImpl<>(id.getBytes(), options.getMaxPendingCalls());
  }

  @Override
  public ObjectRef<Object> callActor(ActorHandle<?> handle, RayFunc func, Object[] args, ActorCallOptions options) {
    LocalActor actor = actor(handle);
    FunctionDescriptor method = FunctionDescriptors.of(func);
    String name = options.getName() != null ? options.getName() : FunctionDescriptors.displayName(method);
    int limit = handle instanceof ActorHandleImpl<?> impl ? impl.maxPendingCalls() : 0;
    if (limit > 0 && actor.pending() >= limit) {
      throw io.jray.api.exception.PendingCallsLimitExceededException.of(handle.getId(), limit);
    }
    Object[] captured = invoker.capture(args);
    ObjectRefImpl<Object> ref = newRef();
    objects.create(ref.idBytes());
    actor.call(method, options.getConcurrencyGroup(), name, captured, func instanceof RayFuncVoid,
        outcome -> objects.complete(ref.idBytes(), outcome));
    return ref;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <A> Optional<ActorHandle<A>> getActor(String name, String inNamespace) {
    ActorId id = named.get(List.of(inNamespace != null ? inNamespace : namespace, name));
    if (id == null || !actors.get(id).isAlive()) {
      return Optional.empty();
    }
    return Optional.of((ActorHandle<A>) new ActorHandleImpl<A>(id.getBytes(), actors.get(id).maxPendingCalls()));
  }

  @Override
  public void killActor(ActorHandle<?> handle, boolean noRestart) {
    actor(handle).kill("it was killed by Ray.kill", noRestart);
  }

  @Override
  public void exitActor() {
    LocalTaskFrames.Frame frame = frames.current();
    if (frame == null || frame.actorId() == null) {
      throw new IllegalStateException("Ray.exitActor() can only be called from inside an actor.");
    }
    throw new LocalActor.ActorExit();
  }

  private LocalActor actor(ActorHandle<?> handle) {
    LocalActor actor = actors.get(handle.getId());
    if (actor == null) {
      throw new IllegalArgumentException("The actor " + handle.getId().toHex() + " is not an actor of this local-mode"
          + " runtime.");
    }
    return actor;
  }

  // ---- placement groups (accepted, not enforced: one node, room for everything)

  @Override
  public PlacementGroup createPlacementGroup(PlacementGroupCreationOptions options) {
    if (options == null) {
      throw new IllegalArgumentException("Placement group options must not be null: build them with "
          + "PlacementGroupCreationOptions.Builder (which checks the bundles).");
    }
    PlacementGroupInfo info = PlacementGroupImpl.newGroup(options, ByteString.copyFrom(jobId.getBytes()), namespace)
        .toBuilder().setState(PlacementGroupInfo.State.CREATED).build();
    groups.put(PlacementGroupId.fromBytes(info.getPlacementGroupId().toByteArray()), info);
    return PlacementGroupImpl.of(info);
  }

  @Override
  public void removePlacementGroup(PlacementGroupId id) {
    groups.computeIfPresent(id, (k, g) -> g.toBuilder().setState(PlacementGroupInfo.State.REMOVED).build());
  }

  @Override
  public PlacementGroup getPlacementGroup(PlacementGroupId id) {
    PlacementGroupInfo info = groups.get(id);
    return info == null ? null : PlacementGroupImpl.of(info);
  }

  @Override
  public boolean waitPlacementGroupReady(PlacementGroupId id, int timeoutSeconds) {
    PlacementGroupInfo info = groups.get(id);
    return info != null && info.getState() == PlacementGroupInfo.State.CREATED;
  }

  @Override
  public List<PlacementGroup> getAllPlacementGroups() {
    return groups.values().stream().map(g -> (PlacementGroup) PlacementGroupImpl.of(g)).toList();
  }

  // ---- the rest

  @Override
  public RuntimeContext getRuntimeContext() {
    return context;
  }

  @Override
  public void shutdown() {
    taskThreads.shutdownNow();
    actors.values().forEach(a -> a.kill("the driver shut down", true));
  }

  private <T> ObjectRefImpl<T> newRef() {
    return new ObjectRefImpl<>(ObjectId.fromRandom().getBytes(), OWNER_HOST, 0);
  }

  private static ObjectRefImpl<?> impl(ObjectRef<?> ref) {
    if (ref instanceof ObjectRefImpl<?> impl) {
      return impl;
    }
    throw new IllegalArgumentException("not a jray object ref: " + ref);
  }
}
