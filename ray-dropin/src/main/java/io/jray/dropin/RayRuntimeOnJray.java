package io.jray.dropin;

import io.jray.runtime.RayRuntimeImpl;
import io.jray.runtime.object.ObjectRefImpl;
import io.jray.runtime.placementgroup.PlacementGroupImpl;
import io.ray.api.ActorHandle;
import io.ray.api.BaseActorHandle;
import io.ray.api.CppActorHandle;
import io.ray.api.ObjectRef;
import io.ray.api.PyActorHandle;
import io.ray.api.WaitResult;
import io.ray.api.concurrencygroup.ConcurrencyGroup;
import io.ray.api.function.CppActorClass;
import io.ray.api.function.CppActorMethod;
import io.ray.api.function.CppFunction;
import io.ray.api.function.PyActorClass;
import io.ray.api.function.PyActorMethod;
import io.ray.api.function.PyFunction;
import io.ray.api.function.RayFunc;
import io.ray.api.function.RayFuncR;
import io.ray.api.id.ActorId;
import io.ray.api.id.PlacementGroupId;
import io.ray.api.id.UniqueId;
import io.ray.api.options.ActorCreationOptions;
import io.ray.api.options.CallOptions;
import io.ray.api.options.PlacementGroupCreationOptions;
import io.ray.api.parallelactor.ParallelActorContext;
import io.ray.api.placementgroup.PlacementGroup;
import io.ray.api.runtime.RayRuntime;
import io.ray.api.runtimecontext.ResourceValue;
import io.ray.api.runtimecontext.RuntimeContext;
import io.ray.api.runtimeenv.RuntimeEnv;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Ray's {@link RayRuntime} on jray's runtime: each call of Ray's API becomes the same call on jray's runtime, with
 * Ray's refs, handles, ids and options turned into jray's on the way in and back into Ray's on the way out, and
 * jray's exceptions into Ray's ({@link RayExceptions}). Holds no state of its own beyond jray's runtime, so it is
 * as thread-safe as that is. In a driver it owns jray's connection and ends it in {@link #shutdown()}; in a
 * worker the worker owns it.
 */
final class RayRuntimeOnJray implements RayRuntime {
  private final io.jray.api.runtime.RayRuntime jray;
  /** jray's cluster runtime, for what only a cluster's GCS answers; null in local mode. */
  private final RayRuntimeImpl cluster;
  private final boolean ownsConnection;

  RayRuntimeOnJray(io.jray.api.runtime.RayRuntime jray, boolean ownsConnection) {
    this.jray = jray;
    this.cluster = jray instanceof RayRuntimeImpl impl ? impl : null;
    this.ownsConnection = ownsConnection;
  }

  @Override
  public void shutdown() {
    if (ownsConnection) {
      io.jray.api.Ray.shutdown();
    }
  }

  // ---- objects

  @Override
  public <T> ObjectRef<T> put(T obj) {
    return RayExceptions.translated(() -> new RayObjectRef<>(jray.put(obj)));
  }

  @Override
  public <T> ObjectRef<T> put(T obj, BaseActorHandle owner) {
    io.jray.api.ActorHandle<?> jrayOwner = RayActorHandle.unwrap(owner);
    return RayExceptions.translated(() -> new RayObjectRef<>(jray.put(obj, jrayOwner)));
  }

  @Override
  public <T> T get(ObjectRef<T> objectRef) {
    return get(objectRef, -1);
  }

  @Override
  public <T> T get(ObjectRef<T> objectRef, long timeoutMs) {
    io.jray.api.ObjectRef<T> ref = RayObjectRef.unwrap(objectRef);
    return RayExceptions.translated(() -> jray.get(ref, timeoutMs));
  }

  @Override
  public <T> List<T> get(List<ObjectRef<T>> objectRefs) {
    return get(objectRefs, -1);
  }

  @Override
  public <T> List<T> get(List<ObjectRef<T>> objectRefs, long timeoutMs) {
    List<io.jray.api.ObjectRef<T>> refs = objectRefs.stream().map(RayObjectRef::unwrap).toList();
    return RayExceptions.translated(() -> jray.get(refs, timeoutMs));
  }

  @Override
  public <T> WaitResult<T> wait(List<ObjectRef<T>> waitList, int numReturns, int timeoutMs, boolean fetchLocal) {
    Objects.requireNonNull(waitList, "waitList");
    if (numReturns < 0 || numReturns > waitList.size()) {
      throw new IllegalArgumentException("numReturns = " + numReturns + " is invalid: it must be between 0 and the "
          + waitList.size() + " refs given");
    }
    // The caller gets back its own ref objects, in the order it gave them.
    Map<io.jray.api.ObjectRef<T>, ObjectRef<T>> rayRefs = new IdentityHashMap<>();
    List<io.jray.api.ObjectRef<T>> refs = new ArrayList<>(waitList.size());
    for (ObjectRef<T> rayRef : waitList) {
      io.jray.api.ObjectRef<T> ref = RayObjectRef.unwrap(rayRef);
      rayRefs.put(ref, rayRef);
      refs.add(ref);
    }
    // Ray's wait(list, n) waits with Integer.MAX_VALUE ms: that is jray's "forever" too.
    long timeout = timeoutMs == Integer.MAX_VALUE ? -1 : timeoutMs;
    io.jray.api.WaitResult<T> result = RayExceptions.translated(() -> jray.wait(refs, numReturns, timeout, fetchLocal));
    return new WaitResult<>(result.getReady().stream().map(rayRefs::get).toList(),
        result.getUnready().stream().map(rayRefs::get).toList());
  }

  /**
   * Frees the objects this process owns: they leave its memory store and their copies in object stores are
   * deleted, so a later {@code get} fails; refs owned elsewhere are left to their owners. {@code localOnly} makes
   * no difference, since the owner's copy is the one freed.
   */
  @Override
  public void free(List<ObjectRef<?>> objectRefs, boolean localOnly) {
    List<io.jray.api.ObjectRef<?>> refs = new ArrayList<>();
    for (ObjectRef<?> rayRef : objectRefs) {
      refs.add(RayObjectRef.unwrap(rayRef));
    }
    RayExceptions.translated(() -> jray.free(refs));
  }

  // ---- actors

  @Override
  @SuppressWarnings("unchecked")
  public <T extends BaseActorHandle> T getActorHandle(ActorId actorId) {
    return (T) new RayActorHandle<>(actorId.getBytes().clone());
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T extends BaseActorHandle> Optional<T> getActor(String name, String namespace) {
    Optional<io.jray.api.ActorHandle<Object>> found = RayExceptions.translated(() -> jray.getActor(name, namespace));
    return found.map(h -> (T) RayActorHandle.of(h));
  }

  @Override
  public void killActor(BaseActorHandle actor, boolean noRestart) {
    io.jray.api.ActorHandle<?> handle = RayActorHandle.unwrap(actor);
    RayExceptions.translated(() -> jray.killActor(handle, noRestart));
  }

  @Override
  public <T> ActorHandle<T> createActor(RayFunc actorFactoryFunc, Object[] args, ActorCreationOptions options) {
    io.jray.api.options.ActorCreationOptions jrayOptions = RayOptions.actor(options);
    io.jray.api.function.RayFunc func = RayLambdas.of(actorFactoryFunc);
    Object[] jrayArgs = arguments(args);
    io.jray.api.ActorHandle<T> handle = RayExceptions.translated(() -> jray.createActor(func, jrayArgs, jrayOptions));
    return RayActorHandle.of(handle);
  }

  @Override
  public PyActorHandle createActor(PyActorClass pyActorClass, Object[] args, ActorCreationOptions options) {
    throw NotInJray.python();
  }

  @Override
  public CppActorHandle createActor(CppActorClass cppActorClass, Object[] args, ActorCreationOptions options) {
    throw NotInJray.cpp();
  }

  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public ObjectRef callActor(ActorHandle<?> actor, RayFunc func, Object[] args, CallOptions options) {
    io.jray.api.ActorHandle<?> handle = RayActorHandle.unwrap(actor);
    io.jray.api.options.ActorCallOptions jrayOptions = RayOptions.actorCall(options);
    io.jray.api.function.RayFunc jrayFunc = RayLambdas.of(func);
    Object[] jrayArgs = arguments(args);
    return new RayObjectRef(RayExceptions.translated(() -> jray.callActor(handle, jrayFunc, jrayArgs, jrayOptions)));
  }

  @Override
  public ObjectRef callActor(PyActorHandle pyActor, PyActorMethod pyActorMethod, Object[] args) {
    throw NotInJray.python();
  }

  @Override
  public ObjectRef callActor(CppActorHandle cppActor, CppActorMethod cppActorMethod, Object[] args) {
    throw NotInJray.cpp();
  }

  @Override
  public void exitActor() {
    RayExceptions.translated(jray::exitActor);
  }

  // ---- tasks

  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public ObjectRef call(RayFunc func, Object[] args, CallOptions options) {
    io.jray.api.options.CallOptions jrayOptions = RayOptions.task(options);
    io.jray.api.function.RayFunc jrayFunc = RayLambdas.of(func);
    Object[] jrayArgs = arguments(args);
    return new RayObjectRef(RayExceptions.translated(() -> jray.call(jrayFunc, jrayArgs, jrayOptions)));
  }

  @Override
  public ObjectRef call(PyFunction pyFunction, Object[] args, CallOptions options) {
    throw NotInJray.python();
  }

  @Override
  public ObjectRef call(CppFunction cppFunction, Object[] args, CallOptions options) {
    throw NotInJray.cpp();
  }

  /** Task arguments with Ray's refs as jray's, which jray resolves to their values before the call. */
  private static Object[] arguments(Object[] args) {
    if (args == null) {
      return new Object[0];
    }
    Object[] jrayArgs = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      jrayArgs[i] = args[i] instanceof ObjectRef<?> ref ? RayObjectRef.unwrap(ref) : args[i];
    }
    return jrayArgs;
  }

  // ---- placement groups

  @Override
  public PlacementGroup createPlacementGroup(PlacementGroupCreationOptions creationOptions) {
    io.jray.api.options.PlacementGroupCreationOptions options = RayOptions.placementGroup(creationOptions);
    return RayExceptions.translated(() -> new RayPlacementGroup(jray.createPlacementGroup(options)));
  }

  @Override
  public PlacementGroup getPlacementGroup(PlacementGroupId id) {
    io.jray.api.placementgroup.PlacementGroup group =
        RayExceptions.translated(() -> jray.getPlacementGroup(RayIds.placementGroup(id)));
    return group == null ? null : new RayPlacementGroup(group);
  }

  /** The live (not removed) placement group of that name in {@code namespace} (null: the job's), or null. */
  @Override
  public PlacementGroup getPlacementGroup(String name, String namespace) {
    if (cluster == null) { // local mode: one job, one namespace
      return RayExceptions.translated(() -> jray.getAllPlacementGroups().stream()
          .filter(g -> name.equals(g.getName())
              && g.getState() != io.jray.api.placementgroup.PlacementGroupState.REMOVED)
          .findFirst().map(g -> (PlacementGroup) new RayPlacementGroup(g)).orElse(null));
    }
    String inNamespace = namespace != null ? namespace : getNamespace();
    return RayExceptions.translated(() -> cluster.core().gcs().getAllPlacementGroups().stream()
        .filter(g -> g.getName().equals(name) && g.getNamespace().equals(inNamespace)
            && g.getState() != io.jray.proto.PlacementGroupInfo.State.REMOVED)
        .findFirst()
        .map(g -> (PlacementGroup) new RayPlacementGroup(PlacementGroupImpl.of(g)))
        .orElse(null));
  }

  @Override
  public List<PlacementGroup> getAllPlacementGroups() {
    return RayExceptions.translated(() -> jray.getAllPlacementGroups().stream()
        .map(g -> (PlacementGroup) new RayPlacementGroup(g)).toList());
  }

  @Override
  public void removePlacementGroup(PlacementGroupId id) {
    RayExceptions.translated(() -> jray.removePlacementGroup(RayIds.placementGroup(id)));
  }

  @Override
  public boolean waitPlacementGroupReady(PlacementGroupId id, int timeoutSeconds) {
    return RayExceptions.translated(() -> jray.waitPlacementGroupReady(RayIds.placementGroup(id), timeoutSeconds));
  }

  // ---- context

  @Override
  public RuntimeContext getRuntimeContext() {
    return new RayRuntimeContext(jray.getRuntimeContext(), cluster == null ? null : cluster.core().gcs());
  }

  @Override
  public Map<String, List<ResourceValue>> getAvailableResourceIds() {
    throw NotInJray.availableResourceIds();
  }

  @Override
  public String getNamespace() {
    return jray.getRuntimeContext().getNamespace();
  }

  @Override
  public UniqueId getCurrentNodeId() {
    return RayIds.node(jray.getRuntimeContext().getCurrentNodeId());
  }

  // ---- what jray does not offer

  /** What Ray's {@code ConcurrencyGroupBuilder.build()} makes: handed to jray with the actor's options. */
  @Override
  public ConcurrencyGroup createConcurrencyGroup(String name, int maxConcurrency, List<RayFunc> funcs) {
    return new RayConcurrencyGroup(name, maxConcurrency, funcs);
  }

  /**
   * None here: groups declared with Ray's {@code @DefConcurrencyGroup} and used with {@code @UseConcurrencyGroup}
   * are read from the actor's class by the worker that runs it, as jray's own annotations are.
   */
  @Override
  public List<ConcurrencyGroup> extractConcurrencyGroups(RayFuncR<?> actorConstructorLambda) {
    return List.of();
  }

  @Override
  public RuntimeEnv createRuntimeEnv() {
    return new RayRuntimeEnv();
  }

  @Override
  public RuntimeEnv deserializeRuntimeEnv(String serializedRuntimeEnv) {
    return RayRuntimeEnv.deserialize(serializedRuntimeEnv);
  }

  @Override
  public ParallelActorContext getParallelActorContext() {
    throw NotInJray.parallelActors();
  }
}
