package io.jray.api.call;

import io.jray.api.scheduling.SchedulingStrategies;
import io.jray.api.scheduling.SchedulingStrategy;
import io.jray.api.ObjectRef;
import io.jray.api.Ray;
import io.jray.api.function.RayFunc;
import io.jray.api.options.CallOptions;
import io.jray.api.placementgroup.PlacementGroup;
import java.util.Map;
import java.util.Objects;

/**
 * The options shared by {@link TaskCaller} and {@link VoidTaskCaller}, set in a chain before
 * {@code remote()}. A caller is used from one thread.
 *
 * @param <T> the concrete caller, returned by each setter
 */
public abstract class BaseTaskCaller<T extends BaseTaskCaller<T>> {

  private final RayFunc func;
  private final Object[] args;
  private final CallOptions.Builder options = new CallOptions.Builder();

  BaseTaskCaller(RayFunc func, Object[] args) {
    this.func = Objects.requireNonNull(func, "func");
    this.args = args.clone();
  }

  /** Runs the task in workers with this environment (variables, extra jars); see {@link io.jray.api.runtimeenv.RuntimeEnv}. */
  public T setRuntimeEnv(io.jray.api.runtimeenv.RuntimeEnv runtimeEnv) {
    options.setRuntimeEnv(runtimeEnv);
    return self();
  }

  /** Names the task in logs, errors and the dashboard (default: the function's name). */
  public T setName(String name) {
    options.setName(name);
    return self();
  }

  /**
   * Asks for {@code value} of resource {@code name}, e.g. {@code ("CPU", 2.0)}; the last value
   * set for a name wins.
   *
   * @throws IllegalArgumentException when {@code value} is below 0, or above 1 and not whole
   */
  public T setResource(String name, Double value) {
    options.setResource(name, value);
    return self();
  }

  /** Asks for several resources, as {@link #setResource} each. */
  public T setResources(Map<String, Double> resources) {
    options.setResources(resources);
    return self();
  }

  /**
   * Sets how often the task is retried when its worker or node dies (default 3; -1: no limit).
   */
  public T setMaxRetries(int maxRetries) {
    options.setMaxRetries(maxRetries);
    return self();
  }

  /** Also retries the task, up to {@code maxRetries}, when its code throws (default false). */
  public T setRetryExceptions(boolean retryExceptions) {
    options.setRetryExceptions(retryExceptions);
    return self();
  }

  /** Runs the task in bundle {@code bundleIndex} of {@code group}. */
  public T setPlacementGroup(PlacementGroup group, int bundleIndex) {
    options.setPlacementGroup(group, bundleIndex);
    return self();
  }

  /**
   * Sets where it may run beyond its resources: {@link SchedulingStrategies#spread()},
   * {@link SchedulingStrategies#nodeAffinity} or the default hybrid policy.
   */
  public T setSchedulingStrategy(SchedulingStrategy strategy) {
    options.setSchedulingStrategy(strategy);
    return self();
  }

  /**
   * Restricts it to nodes whose labels ({@code jray start --labels}, plus {@code ray.io/node-id})
   * match every entry, in Ray's syntax: {@code "v"}, {@code "!v"}, {@code "in(a,b)"}, {@code "!in(a,b)"}.
   * No node matching makes it pending (a demand in {@code jray status}) until one joins.
   */
  public T setLabelSelector(Map<String, String> selector) {
    options.setLabelSelector(selector);
    return self();
  }

  /** Runs the task in any bundle of {@code group}. */
  public T setPlacementGroup(PlacementGroup group) {
    return setPlacementGroup(group, -1);
  }

  /** Submits the task with the options set so far. */
  final ObjectRef<Object> submit() {
    return Ray.internal().call(func, args, options.build());
  }

  @SuppressWarnings("unchecked")
  private T self() {
    return (T) this;
  }
}
