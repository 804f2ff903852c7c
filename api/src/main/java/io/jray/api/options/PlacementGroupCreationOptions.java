package io.jray.api.options;

import io.jray.api.placementgroup.PlacementStrategy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The options of one placement group: its name, bundles of resources and strategy. Immutable. */
public final class PlacementGroupCreationOptions {

  private final String name;
  private final List<Map<String, Double>> bundles;
  private final PlacementStrategy strategy;

  private PlacementGroupCreationOptions(
      String name, List<Map<String, Double>> bundles, PlacementStrategy strategy) {
    this.name = name;
    this.bundles = bundles;
    this.strategy = strategy;
  }

  /** The group's name, or null for an unnamed group. */
  public String getName() {
    return name;
  }

  /** The bundles: each a map from resource name to quantity, reserved together on one node. */
  public List<Map<String, Double>> getBundles() {
    return bundles;
  }

  /** How the bundles are spread over nodes; {@link PlacementStrategy#PACK} by default. */
  public PlacementStrategy getStrategy() {
    return strategy;
  }

  @Override
  public String toString() {
    return "PlacementGroupCreationOptions{name=" + name + ", bundles=" + bundles
        + ", strategy=" + strategy + "}";
  }

  /** Builds {@link PlacementGroupCreationOptions}; {@link #build} checks the bundles. */
  public static final class Builder {

    private String name;
    private List<Map<String, Double>> bundles;
    private PlacementStrategy strategy = PlacementStrategy.PACK;

    public Builder setName(String name) {
      this.name = name;
      return this;
    }

    /** Sets the bundles: at least one, each asking for some resource, no quantity below 0. */
    public Builder setBundles(List<Map<String, Double>> bundles) {
      this.bundles = bundles;
      return this;
    }

    public Builder setStrategy(PlacementStrategy strategy) {
      this.strategy = strategy;
      return this;
    }

    public PlacementGroupCreationOptions build() {
      if (bundles == null || bundles.isEmpty()) {
        throw new IllegalArgumentException("A placement group needs at least one bundle");
      }
      Objects.requireNonNull(strategy, "strategy");
      if (strategy == PlacementStrategy.UNRECOGNIZED) {
        throw new IllegalArgumentException("Placement strategy UNRECOGNIZED cannot be requested");
      }
      List<Map<String, Double>> checked = new ArrayList<>(bundles.size());
      for (int i = 0; i < bundles.size(); i++) {
        checked.add(ResourceRules.checkedBundle(i, bundles.get(i)));
      }
      return new PlacementGroupCreationOptions(
          name, Collections.unmodifiableList(checked), strategy);
    }
  }
}
