package io.jray.api.options;

import io.jray.api.concurrencygroup.ConcurrencyGroup;
import io.jray.api.placementgroup.PlacementGroup;
import io.jray.api.scheduling.SchedulingStrategies;
import io.jray.api.scheduling.SchedulingStrategy;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The options of one actor creation: name and namespace, lifetime, resources, restarts,
 * concurrency, placement and JVM options of the actor's worker. Immutable.
 */
public final class ActorCreationOptions {

  private final String name;
  private final String namespace;
  private final ActorLifetime lifetime;
  private final Map<String, Double> resources;
  private final int maxRestarts;
  private final int maxTaskRetries;
  private final int maxConcurrency;
  private final boolean maxConcurrencySet;
  private final PlacementGroup placementGroup;
  private final int bundleIndex;
  private final SchedulingStrategy schedulingStrategy;
  private final Map<String, String> labelSelector;
  private final List<String> jvmOptions;
  private final List<ConcurrencyGroup> concurrencyGroups;
  private final int maxPendingCalls;
  private final io.jray.api.runtimeenv.RuntimeEnv runtimeEnv;

  private ActorCreationOptions(Builder builder) {
    this.name = builder.name;
    this.namespace = builder.namespace;
    this.lifetime = builder.lifetime;
    this.resources = Collections.unmodifiableMap(new LinkedHashMap<>(builder.resources));
    this.maxRestarts = builder.maxRestarts;
    this.maxTaskRetries = builder.maxTaskRetries;
    this.maxConcurrency = builder.maxConcurrency;
    this.maxConcurrencySet = builder.maxConcurrencySet;
    this.placementGroup = builder.placementGroup;
    this.bundleIndex = builder.bundleIndex;
    this.schedulingStrategy = builder.schedulingStrategy;
    this.labelSelector = Collections.unmodifiableMap(new LinkedHashMap<>(builder.labelSelector));
    this.jvmOptions = builder.jvmOptions;
    this.concurrencyGroups = List.copyOf(builder.concurrencyGroups);
    this.maxPendingCalls = builder.maxPendingCalls;
    this.runtimeEnv = builder.runtimeEnv;
  }

  /** The environment of the actor's worker (empty: the job's own workers). */
  public io.jray.api.runtimeenv.RuntimeEnv getRuntimeEnv() {
    return runtimeEnv;
  }

  /** The actor's named concurrency groups (its methods outside them run in the default group). */
  public List<ConcurrencyGroup> getConcurrencyGroups() {
    return concurrencyGroups;
  }

  /** How many calls one handle may have submitted and not yet finished; -1: no limit. */
  public int getMaxPendingCalls() {
    return maxPendingCalls;
  }

  /** The actor's name, unique in its namespace, or null for an unnamed actor. */
  public String getName() {
    return name;
  }

  /** The namespace of the actor's name, or null for the job's namespace. */
  public String getNamespace() {
    return namespace;
  }

  /** Whether the actor outlives its job; {@link ActorLifetime#NON_DETACHED} by default. */
  public ActorLifetime getLifetime() {
    return lifetime;
  }

  /** The resources the actor holds while alive; empty means the runtime's default. */
  public Map<String, Double> getResources() {
    return resources;
  }

  /** How often the actor is restarted after it dies unexpectedly; -1 means without limit. */
  public int getMaxRestarts() {
    return maxRestarts;
  }

  /** How often a call is retried when the actor died during it; -1 means without limit. */
  public int getMaxTaskRetries() {
    return maxTaskRetries;
  }

  /** How many calls may run at once; with 1 (the default) calls run in submission order. */
  public int getMaxConcurrency() {
    return maxConcurrency;
  }

  /**
   * Whether the creator set {@link #getMaxConcurrency()}: unset, an async actor (one whose class has a public method
   * returning a {@code CompletionStage}, such as a {@code CompletableFuture}) gets 1,000, as Ray's async actors.
   */
  public boolean isMaxConcurrencySet() {
    return maxConcurrencySet;
  }

  /** The placement group to run in, or null. */
  public PlacementGroup getPlacementGroup() {
    return placementGroup;
  }

  /** The bundle of {@link #getPlacementGroup()} to run in; -1 means any bundle. */
  public int getBundleIndex() {
    return bundleIndex;
  }

  /** Extra options for the JVM of the actor's worker, e.g. {@code -Xmx2g}. */
  public List<String> getJvmOptions() {
    return jvmOptions;
  }

  @Override
  public String toString() {
    return "ActorCreationOptions{name=" + name + ", namespace=" + namespace
        + ", lifetime=" + lifetime + ", resources=" + resources
        + ", maxRestarts=" + maxRestarts + ", maxTaskRetries=" + maxTaskRetries
        + ", maxConcurrency=" + maxConcurrency
        + (placementGroup == null ? "" : ", placementGroup=" + placementGroup.getId()
            + ", bundleIndex=" + bundleIndex)
        + ", jvmOptions=" + jvmOptions + "}";
  }

  /** Where the task or actor may run beyond its resources; {@link SchedulingStrategies#defaultStrategy()} unless set. */
  public SchedulingStrategy getSchedulingStrategy() {
    return schedulingStrategy;
  }

  /** Node labels the chosen node must match (Ray's label_selector); empty: any node. */
  public Map<String, String> getLabelSelector() {
    return labelSelector;
  }

  /** Builds {@link ActorCreationOptions}; each setter checks its value at once. Not thread-safe. */
  public static final class Builder {

    private String name;
    private String namespace;
    private ActorLifetime lifetime = ActorLifetime.NON_DETACHED;
    private final Map<String, Double> resources = new LinkedHashMap<>();
    private int maxRestarts;
    private int maxTaskRetries;
    private int maxConcurrency = 1;
    private boolean maxConcurrencySet;
    private PlacementGroup placementGroup;
    private int bundleIndex = -1;
    private SchedulingStrategy schedulingStrategy = SchedulingStrategies.defaultStrategy();
    private final Map<String, String> labelSelector = new LinkedHashMap<>();
    private List<String> jvmOptions = List.of();
    private final List<ConcurrencyGroup> concurrencyGroups = new java.util.ArrayList<>();
    private int maxPendingCalls = -1;
    private io.jray.api.runtimeenv.RuntimeEnv runtimeEnv = io.jray.api.runtimeenv.RuntimeEnv.empty();

    /** Runs the actor in a worker with this environment (variables, extra jars). */
    public Builder setRuntimeEnv(io.jray.api.runtimeenv.RuntimeEnv runtimeEnv) {
      this.runtimeEnv = Objects.requireNonNull(runtimeEnv, "runtimeEnv");
      return this;
    }

    /**
     * Sets the actor's concurrency groups, replacing earlier ones; group names must differ, and a method may be in
     * one group only.
     */
    public Builder setConcurrencyGroups(List<ConcurrencyGroup> groups) {
      java.util.Set<String> names = new java.util.HashSet<>();
      for (ConcurrencyGroup group : Objects.requireNonNull(groups, "groups")) {
        if (!names.add(Objects.requireNonNull(group, "group").getName())) {
          throw new IllegalArgumentException("Two concurrency groups are named " + group.getName()
              + ": each group needs a name of its own.");
        }
      }
      this.concurrencyGroups.clear();
      this.concurrencyGroups.addAll(groups);
      return this;
    }

    /**
     * Bounds the calls one handle may have submitted and not yet finished (Ray's max_pending_calls): a call past
     * it throws {@link io.jray.api.exception.PendingCallsLimitExceededException}. -1 (the default): no limit.
     */
    public Builder setMaxPendingCalls(int maxPendingCalls) {
      if (maxPendingCalls < -1 || maxPendingCalls == 0) {
        throw new IllegalArgumentException("maxPendingCalls = " + maxPendingCalls + " is invalid: use -1 (no limit)"
            + " or a number >= 1");
      }
      this.maxPendingCalls = maxPendingCalls;
      return this;
    }

    /** Names the actor (non-empty), so {@code Ray.getActor(name)} finds it. */
    public Builder setName(String name) {
      if (name != null && name.isEmpty()) {
        throw new IllegalArgumentException("An actor name must not be empty");
      }
      this.name = name;
      return this;
    }

    /** Sets the namespace of the actor's name; null means the job's namespace. */
    public Builder setNamespace(String namespace) {
      this.namespace = namespace;
      return this;
    }

    public Builder setLifetime(ActorLifetime lifetime) {
      this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
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

    /** Sets the restarts after unexpected deaths: >= 0, or -1 for no limit. */
    public Builder setMaxRestarts(int maxRestarts) {
      this.maxRestarts = atLeastMinusOne("maxRestarts", maxRestarts);
      return this;
    }

    /** Sets the retries of a call the actor died during: >= 0, or -1 for no limit. */
    public Builder setMaxTaskRetries(int maxTaskRetries) {
      this.maxTaskRetries = atLeastMinusOne("maxTaskRetries", maxTaskRetries);
      return this;
    }

    /**
     * Sets how many calls may run at once (>= 1); for an async actor, how many of its methods' futures may be
     * incomplete at once (its methods themselves start one at a time).
     */
    public Builder setMaxConcurrency(int maxConcurrency) {
      if (maxConcurrency < 1) {
        throw new IllegalArgumentException(
            "maxConcurrency = " + maxConcurrency + " is invalid: it must be >= 1");
      }
      this.maxConcurrency = maxConcurrency;
      this.maxConcurrencySet = true;
      return this;
    }

    /** Places the actor in bundle {@code bundleIndex} of {@code group} (-1: any bundle). */
    public Builder setPlacementGroup(PlacementGroup group, int bundleIndex) {
      ResourceRules.checkBundleIndex(bundleIndex);
      this.placementGroup = group;
      this.bundleIndex = bundleIndex;
      return this;
    }

    /**
     * Starts the actor's worker JVM with these options besides jray's (after them, so they win), one option per
     * entry; the classpath and main class stay jray's.
     */
    public Builder setJvmOptions(List<String> jvmOptions) {
      for (String option : Objects.requireNonNull(jvmOptions, "jvmOptions")) {
        String problem = io.jray.api.runtimeenv.WorkerEnvRules.jvmOptionProblem(option);
        if (problem != null) {
          throw new IllegalArgumentException(problem);
        }
      }
      this.jvmOptions = List.copyOf(jvmOptions);
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

    public ActorCreationOptions build() {
      return new ActorCreationOptions(this);
    }

    private static int atLeastMinusOne(String option, int value) {
      if (value < -1) {
        throw new IllegalArgumentException(
            option + " = " + value + " is invalid: use -1 (no limit) or a number >= 0");
      }
      return value;
    }
  }
}
