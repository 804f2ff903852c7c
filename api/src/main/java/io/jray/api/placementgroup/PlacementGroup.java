package io.jray.api.placementgroup;

import io.jray.api.id.PlacementGroupId;
import java.util.List;
import java.util.Map;

/**
 * A handle to a placement group: bundles of resources reserved together on the cluster, in which
 * tasks and actors can be placed. Made by {@code PlacementGroups.createPlacementGroup}.
 */
public interface PlacementGroup {

  PlacementGroupId getId();

  /** The group's name, or null for an unnamed group. */
  String getName();

  /** The bundles: each a map from resource name to quantity. */
  List<Map<String, Double>> getBundles();

  PlacementStrategy getStrategy();

  /** The state when this handle was made or last refreshed by {@link #wait(int)}. */
  PlacementGroupState getState();

  /**
   * Waits until all bundles are reserved.
   *
   * @param timeoutSeconds the longest time to wait
   * @return true when the group is created, false when the time ran out first
   */
  boolean wait(int timeoutSeconds);
}
