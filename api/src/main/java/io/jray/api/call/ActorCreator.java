package io.jray.api.call;

import io.jray.api.scheduling.SchedulingStrategies;
import io.jray.api.scheduling.SchedulingStrategy;
import io.jray.api.ActorHandle;
import io.jray.api.Ray;
import io.jray.api.function.RayFuncR;
import io.jray.api.options.ActorCreationOptions;
import io.jray.api.options.ActorLifetime;
import io.jray.api.placementgroup.PlacementGroup;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The creation of an actor of class {@code A}, made by {@code Ray.actor}: set options, then
 * {@link #remote()}. Used from one thread.
 *
 * @param <A> the actor's class
 */
public final class ActorCreator<A> {

  private final RayFuncR<A> func;
  private final Object[] args;
  private final ActorCreationOptions.Builder options = new ActorCreationOptions.Builder();

  /** The creation of an actor by {@code func}, a constructor or static factory. */
  public ActorCreator(RayFuncR<A> func, Object[] args) {
    this.func = Objects.requireNonNull(func, "func");
    this.args = args.clone();
  }

  /**
   * Names the actor in the job's namespace, so {@code Ray.getActor(name)} finds it. Creating a
   * second live actor with the same name fails with {@link IllegalArgumentException}.
   */
  public ActorCreator<A> setName(String name) {
    options.setName(name);
    return this;
  }

  /** Names the actor in {@code namespace}. */
  public ActorCreator<A> setName(String name, String namespace) {
    options.setName(name);
    options.setNamespace(namespace);
    return this;
  }

  /** {@link ActorLifetime#DETACHED} lets the actor outlive its driver. */
  public ActorCreator<A> setLifetime(ActorLifetime lifetime) {
    options.setLifetime(lifetime);
    return this;
  }

  /** Asks for {@code value} of resource {@code name} for the actor's whole life. */
  public ActorCreator<A> setResource(String name, Double value) {
    options.setResource(name, value);
    return this;
  }

  /** Asks for several resources, as {@link #setResource} each. */
  public ActorCreator<A> setResources(Map<String, Double> resources) {
    options.setResources(resources);
    return this;
  }

  /** Restarts the actor up to {@code maxRestarts} times when it dies (default 0; -1: no limit). */
  public ActorCreator<A> setMaxRestarts(int maxRestarts) {
    options.setMaxRestarts(maxRestarts);
    return this;
  }

  /** Retries a call up to {@code maxTaskRetries} times if the actor dies during it (default 0). */
  public ActorCreator<A> setMaxTaskRetries(int maxTaskRetries) {
    options.setMaxTaskRetries(maxTaskRetries);
    return this;
  }

  /**
   * Lets up to {@code maxConcurrency} calls run at once; then order is not kept (default 1, or 1,000 for an async
   * actor: one whose class has public methods returning a {@code CompletionStage}, called with
   * {@code asyncTask}).
   */
  public ActorCreator<A> setMaxConcurrency(int maxConcurrency) {
    options.setMaxConcurrency(maxConcurrency);
    return this;
  }

  /** Places the actor in bundle {@code bundleIndex} of {@code group}. */
  public ActorCreator<A> setPlacementGroup(PlacementGroup group, int bundleIndex) {
    options.setPlacementGroup(group, bundleIndex);
    return this;
  }

  /**
   * Sets where it may run beyond its resources: {@link SchedulingStrategies#spread()},
   * {@link SchedulingStrategies#nodeAffinity} or the default hybrid policy.
   */
  public ActorCreator<A> setSchedulingStrategy(SchedulingStrategy strategy) {
    options.setSchedulingStrategy(strategy);
    return this;
  }

  /**
   * Restricts it to nodes whose labels ({@code jray start --labels}, plus {@code ray.io/node-id})
   * match every entry, in Ray's syntax: {@code "v"}, {@code "!v"}, {@code "in(a,b)"}, {@code "!in(a,b)"}.
   * No node matching makes it pending (a demand in {@code jray status}) until one joins.
   */
  public ActorCreator<A> setLabelSelector(Map<String, String> selector) {
    options.setLabelSelector(selector);
    return this;
  }

  /** Places the actor in any bundle of {@code group}. */
  public ActorCreator<A> setPlacementGroup(PlacementGroup group) {
    return setPlacementGroup(group, -1);
  }

  /** Starts the actor's worker JVM with these extra options, e.g. {@code -Xmx2g}. */
  public ActorCreator<A> setJvmOptions(List<String> jvmOptions) {
    options.setJvmOptions(jvmOptions);
    return this;
  }

  /** Gives the actor these concurrency groups (see {@link io.jray.api.concurrencygroup.ConcurrencyGroupBuilder}). */
  public ActorCreator<A> setConcurrencyGroups(io.jray.api.concurrencygroup.ConcurrencyGroup... groups) {
    options.setConcurrencyGroups(List.of(groups));
    return this;
  }

  /** Gives the actor these concurrency groups. */
  public ActorCreator<A> setConcurrencyGroups(List<io.jray.api.concurrencygroup.ConcurrencyGroup> groups) {
    options.setConcurrencyGroups(groups);
    return this;
  }

  /**
   * Bounds the calls a handle may have submitted and not yet finished; past it a call throws
   * {@link io.jray.api.exception.PendingCallsLimitExceededException}. -1 (default): no limit.
   */
  public ActorCreator<A> setMaxPendingCalls(int maxPendingCalls) {
    options.setMaxPendingCalls(maxPendingCalls);
    return this;
  }

  /** Runs the actor in a worker with this environment (variables, extra jars). */
  public ActorCreator<A> setRuntimeEnv(io.jray.api.runtimeenv.RuntimeEnv runtimeEnv) {
    options.setRuntimeEnv(runtimeEnv);
    return this;
  }

  /** Creates the actor and returns its handle at once; calls queue until it is up. */
  public ActorHandle<A> remote() {
    return Ray.internal().createActor(func, args, options.build());
  }
}
