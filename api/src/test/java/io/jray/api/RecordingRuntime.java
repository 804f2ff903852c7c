package io.jray.api;

import io.jray.api.function.RayFunc;
import io.jray.api.id.ActorId;
import io.jray.api.id.ObjectId;
import io.jray.api.id.PlacementGroupId;
import io.jray.api.options.ActorCallOptions;
import io.jray.api.options.ActorCreationOptions;
import io.jray.api.options.CallOptions;
import io.jray.api.options.PlacementGroupCreationOptions;
import io.jray.api.placementgroup.PlacementGroup;
import io.jray.api.runtime.RayRuntime;
import io.jray.api.runtimecontext.RuntimeContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A runtime that runs nothing: it records what the API passes to it, so tests can check that
 * the API hands functions, arguments and options through unchanged. Objects put are kept in a map.
 */
final class RecordingRuntime implements RayRuntime {

  /** One call into the runtime, with what it was given. */
  record Call(String kind, RayFunc func, List<Object> args, Object options, Object target) {}

  final String address;
  final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
  int shutdowns;

  private final Map<ObjectId, Object> objects = new ConcurrentHashMap<>();
  private final Map<String, ActorHandle<?>> namedActors = new ConcurrentHashMap<>();

  RecordingRuntime(String address) {
    this.address = address;
  }

  static RecordingRuntime current() {
    return (RecordingRuntime) Ray.internal();
  }

  Call last() {
    return calls.get(calls.size() - 1);
  }

  @Override
  public <T> ObjectRef<T> put(T obj) {
    Ref<T> ref = new Ref<>(ObjectId.fromRandom());
    objects.put(ref.getId(), obj);
    return ref;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T get(ObjectRef<T> ref, long timeoutMs) {
    calls.add(new Call("get", null, List.of(ref), timeoutMs, null));
    return (T) objects.get(ref.getId());
  }

  @Override
  public <T> List<T> get(List<ObjectRef<T>> refs, long timeoutMs) {
    List<T> values = new ArrayList<>();
    for (ObjectRef<T> ref : refs) {
      values.add(get(ref, timeoutMs));
    }
    return values;
  }

  @Override
  public <T> WaitResult<T> wait(
      List<ObjectRef<T>> refs, int numReturns, long timeoutMs, boolean fetchLocal) {
    calls.add(new Call("wait", null, List.of(refs, numReturns, timeoutMs, fetchLocal), null, null));
    return new WaitResult<>(refs.subList(0, numReturns), refs.subList(numReturns, refs.size()));
  }

  @Override
  public ObjectRef<Object> call(RayFunc func, Object[] args, CallOptions options) {
    calls.add(new Call("call", func, Arrays.asList(args), options, null));
    return new Ref<>(ObjectId.fromRandom());
  }

  @Override
  @SuppressWarnings("unchecked")
  public <A> ActorHandle<A> createActor(
      RayFunc func, Object[] args, ActorCreationOptions options) {
    calls.add(new Call("createActor", func, Arrays.asList(args), options, null));
    Handle<A> handle = new Handle<>(ActorId.fromRandom());
    if (options.getName() != null) {
      namedActors.put(options.getNamespace() + "/" + options.getName(), handle);
    }
    return handle;
  }

  @Override
  public ObjectRef<Object> callActor(
      ActorHandle<?> actor, RayFunc func, Object[] args, ActorCallOptions options) {
    calls.add(new Call("callActor", func, Arrays.asList(args), options, actor));
    return new Ref<>(ObjectId.fromRandom());
  }

  @Override
  @SuppressWarnings("unchecked")
  public <A> Optional<ActorHandle<A>> getActor(String name, String namespace) {
    return Optional.ofNullable((ActorHandle<A>) namedActors.get(namespace + "/" + name));
  }

  @Override
  public void killActor(ActorHandle<?> actor, boolean noRestart) {
    calls.add(new Call("killActor", null, List.of(noRestart), null, actor));
  }

  @Override
  public void exitActor() {
    calls.add(new Call("exitActor", null, List.of(), null, null));
  }

  @Override
  public void cancel(ObjectRef<?> ref, boolean force, boolean recursive) {
    calls.add(new Call("cancel", null, List.of(force, recursive), null, ref));
  }

  @Override
  public RuntimeContext getRuntimeContext() {
    throw new UnsupportedOperationException("not recorded");
  }

  @Override
  public PlacementGroup createPlacementGroup(PlacementGroupCreationOptions options) {
    throw new UnsupportedOperationException("not recorded");
  }

  @Override
  public void removePlacementGroup(PlacementGroupId id) {
    calls.add(new Call("removePlacementGroup", null, List.of(), null, id));
  }

  @Override
  public PlacementGroup getPlacementGroup(PlacementGroupId id) {
    return null;
  }

  @Override
  public boolean waitPlacementGroupReady(PlacementGroupId id, int timeoutSeconds) {
    return false;
  }

  @Override
  public <T> ObjectRef<T> put(T obj, BaseActorHandle owner) {
    return put(obj);
  }

  @Override
  public void free(List<ObjectRef<?>> refs) {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<PlacementGroup> getAllPlacementGroups() {
    return List.of();
  }

  @Override
  public void shutdown() {
    shutdowns++;
  }

  /** An ObjectRef that is only an id. */
  record Ref<T>(ObjectId getId) implements ObjectRef<T> {}

  /** An ActorHandle that is only an id. */
  record Handle<A>(ActorId getId) implements ActorHandle<A> {}
}
