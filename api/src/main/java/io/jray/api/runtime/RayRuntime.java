package io.jray.api.runtime;

import io.jray.api.ActorHandle;
import io.jray.api.ObjectRef;
import io.jray.api.WaitResult;
import io.jray.api.function.RayFunc;
import io.jray.api.id.PlacementGroupId;
import io.jray.api.options.ActorCallOptions;
import io.jray.api.options.ActorCreationOptions;
import io.jray.api.options.CallOptions;
import io.jray.api.options.PlacementGroupCreationOptions;
import io.jray.api.placementgroup.PlacementGroup;
import io.jray.api.runtimecontext.RuntimeContext;
import java.util.List;
import java.util.Optional;

/**
 * The service provider interface behind {@code Ray}: jray-runtime implements it, user code never
 * calls it. Called from any user thread at once, so implementations are thread-safe. Arguments
 * ({@code args}) hold plain values and {@link ObjectRef}s, which stand for their values.
 */
public interface RayRuntime {

  <T> ObjectRef<T> put(T obj);

  /**
   * Stores {@code obj} with the actor {@code owner} as its owner: the object lives while the actor does and
   * references to it exist, even after this process ends.
   */
  <T> ObjectRef<T> put(T obj, io.jray.api.BaseActorHandle owner);

  /** The object's value; {@code timeoutMs < 0} waits forever. */
  <T> T get(ObjectRef<T> ref, long timeoutMs);

  /** The objects' values in order; {@code timeoutMs < 0} waits forever. */
  <T> List<T> get(List<ObjectRef<T>> refs, long timeoutMs);

  /** Waits for {@code numReturns} of the objects; {@code timeoutMs < 0} waits forever. */
  <T> WaitResult<T> wait(
      List<ObjectRef<T>> refs, int numReturns, long timeoutMs, boolean fetchLocal);

  /** Submits a task; for a {@code RayFuncVoid} the caller ignores the returned ref. */
  ObjectRef<Object> call(RayFunc func, Object[] args, CallOptions options);

  /** Creates an actor by running {@code func}, a constructor or static factory. */
  <A> ActorHandle<A> createActor(RayFunc func, Object[] args, ActorCreationOptions options);

  /** Calls actor method {@code func}; {@code args} do not include the receiver. */
  ObjectRef<Object> callActor(
      ActorHandle<?> actor, RayFunc func, Object[] args, ActorCallOptions options);

  /** The named actor; {@code namespace} null means the job's namespace. */
  <A> Optional<ActorHandle<A>> getActor(String name, String namespace);

  void killActor(ActorHandle<?> actor, boolean noRestart);

  /** Ends the actor this is called from; throws when not called from inside an actor. */
  void exitActor();

  void cancel(ObjectRef<?> ref, boolean force, boolean recursive);

  RuntimeContext getRuntimeContext();

  PlacementGroup createPlacementGroup(PlacementGroupCreationOptions options);

  void removePlacementGroup(PlacementGroupId id);

  /** The placement group, or null when there is none with this id. */
  PlacementGroup getPlacementGroup(PlacementGroupId id);

  /**
   * Waits until the placement group's bundles are all reserved (what {@code PlacementGroup.wait} does).
   *
   * @return true when it is created, false when it is removed or unknown, or the time ran out first
   */
  boolean waitPlacementGroupReady(PlacementGroupId id, int timeoutSeconds);

  /**
   * Frees the objects this process owns: their values leave its memory and the object stores, so a later
   * {@code get} fails; refs owned elsewhere are left to their owners.
   */
  void free(List<ObjectRef<?>> refs);

  /** Every placement group the cluster knows, removed ones included. */
  List<PlacementGroup> getAllPlacementGroups();

  /**
   * Disconnects, and stops a cluster this driver started. Called once, by {@code Ray.shutdown()}
   * or by the JVM shutdown hook {@code Ray.init} registers.
   */
  void shutdown();
}
