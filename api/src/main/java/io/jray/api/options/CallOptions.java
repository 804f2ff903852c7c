package io.jray.api.options;

import io.jray.api.placementgroup.PlacementGroup;
import io.jray.api.scheduling.SchedulingStrategies;
import io.jray.api.scheduling.SchedulingStrategy;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** The options of one task submission: name, resources, retries and placement. Immutable. */
public final class CallOptions {

  /** Retries after a system failure (worker or node death) unless set otherwise, as in Ray. */
  public static final int DEFAULT_MAX_RETRIES = 3;

  private final String name;
  private final Map<String, Double> resources;
  private final int maxRetries;
  private final boolean retryExceptions;
  private final PlacementGroup placementGroup;
  private final int bundleIndex;
  private final SchedulingStrategy schedulingStrategy;
  private final Map<String, String> labelSelector;
  private final io.jray.api.runtimeenv.RuntimeEnv runtimeEnv;

  private CallOptions(Builder builder) {
    this.name = builder.name;
    this.resources = Collections.unmodifiableMap(new LinkedHashMap<>(builder.resources));
    this.maxRetries = builder.maxRetries;
    this.retryExceptions = builder.retryExceptions;
    this.placementGroup = builder.placementGroup;
    this.bundleIndex = builder.bundleIndex;
    this.schedulingStrategy = builder.schedulingStrategy;
    this.labelSelector = Collections.unmodifiableMap(new LinkedHashMap<>(builder.labelSelector));
    this.runtimeEnv = builder.runtimeEnv;
  }

  /** The environment of the worker the task runs in (empty: the job's own workers). */
  public io.jray.api.runtimeenv.RuntimeEnv getRuntimeEnv() {
    return runtimeEnv;
  }

  /** The task's name for logs and errors, or null to use the function's name. */
  public String getName() {
    return name;
  }

  /** The resources the task needs; empty means the runtime's default. */
  public Map<String, Double> getResources() {
    return resources;
  }

  /** How often the task is retried after a system failure; -1 means without limit. */
  public int getMaxRetries() {
    return maxRetries;
  }

  /** Whether an exception thrown by the task's code is retried as well. */
  public boolean isRetryExceptions() {
    return retryExceptions;
  }

  /** The placement group to run in, or null. */
  public PlacementGroup getPlacementGroup() {
    return placementGroup;
  }

  /** The bundle of {@link #getPlacementGroup()} to run in; -1 means any bundle. */
  public int getBundleIndex() {
    return bundleIndex;
  }

  @Override
  public String toString() {
    return "CallOptions{name=" + name + ", resources=" + resources + ", maxRetries=" + maxRetries
        + ", retryExceptions=" + retryExceptions
        + (placementGroup == null ? "" : ", placementGroup=" + placementGroup.getId()
            + ", bundleIndex=" + bundleIndex)
        + "}";
  }

  /** Where the task or actor may run beyond its resources; {@link SchedulingStrategies#defaultStrategy()} unless set. */
  public SchedulingStrategy getSchedulingStrategy() {
    return schedulingStrategy;
  }

  /** Node labels the chosen node must match (Ray's label_selector); empty: any node. */
  public Map<String, String> getLabelSelector() {
    return labelSelector;
  }

  /** Builds {@link CallOptions}; each setter checks its value at once. Not thread-safe. */
  public static final class Builder {

    private io.jray.api.runtimeenv.RuntimeEnv runtimeEnv = io.jray.api.runtimeenv.RuntimeEnv.empty();

    /** Runs the task in workers with this environment (variables, extra jars). */
    public Builder setRuntimeEnv(io.jray.api.runtimeenv.RuntimeEnv runtimeEnv) {
      this.runtimeEnv = Objects.requireNonNull(runtimeEnv, "runtimeEnv");
      return this;
    }

    private String name;
    private final Map<String, Double> resources = new LinkedHashMap<>();
    private int maxRetries = DEFAULT_MAX_RETRIES;
    private boolean retryExceptions;
    private PlacementGroup placementGroup;
    private int bundleIndex = -1;
    private SchedulingStrategy schedulingStrategy = SchedulingStrategies.defaultStrategy();
    private final Map<String, String> labelSelector = new LinkedHashMap<>();

    public Builder setName(String name) {
      this.name = name;
      return this;
    }

    /** Sets one resource quantity (>= 0; whole when above 1), replacing an earlier one. */
    public Builder setResource(String name, Double value) {
      ResourceRules.checkQuantity(name, value);
      resources.put(name, value);
      return this;
    }

    /** Sets several resource quantities, as {@link #setResource} each. */
    public Builder setResources(Map<String, Double> resources) {
      Objects.requireNonNull(resources, "resources");
      resources.forEach(ResourceRules::checkQuantity);
      this.resources.putAll(resources);
      return this;
    }

    /** Sets the retries after a system failure: >= 0, or -1 for no limit. */
    public Builder setMaxRetries(int maxRetries) {
      if (maxRetries < -1) {
        throw new IllegalArgumentException(
            "maxRetries = " + maxRetries + " is invalid: use -1 (no limit) or a number >= 0");
      }
      this.maxRetries = maxRetries;
      return this;
    }

    public Builder setRetryExceptions(boolean retryExceptions) {
      this.retryExceptions = retryExceptions;
      return this;
    }

    /** Runs the task in bundle {@code bundleIndex} of {@code group} (-1: any bundle). */
    public Builder setPlacementGroup(PlacementGroup group, int bundleIndex) {
      ResourceRules.checkBundleIndex(bundleIndex);
      this.placementGroup = group;
      this.bundleIndex = bundleIndex;
      return this;
    }

    /** Sets the scheduling strategy (see {@link SchedulingStrategies}). */
    public Builder setSchedulingStrategy(SchedulingStrategy strategy) {
      this.schedulingStrategy = Objects.requireNonNull(strategy, "strategy");
      return this;
    }

    /**
     * Sets the label selector: each key's label on the chosen node must match its value, in Ray's
     * syntax: {@code "v"} (equals), {@code "!v"} (not equals), {@code "in(a,b)"}, {@code "!in(a,b)"}.
     */
    public Builder setLabelSelector(Map<String, String> selector) {
      Objects.requireNonNull(selector, "selector").forEach((k, v) -> {
        Objects.requireNonNull(k, "label key");
        Objects.requireNonNull(v, "label value of " + k);
      });
      this.labelSelector.clear();
      this.labelSelector.putAll(selector);
      return this;
    }

    public CallOptions build() {
      return new CallOptions(this);
    }
  }
}
