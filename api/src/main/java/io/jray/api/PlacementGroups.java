package io.jray.api;

import io.jray.api.id.PlacementGroupId;
import io.jray.api.options.PlacementGroupCreationOptions;
import io.jray.api.placementgroup.PlacementGroup;

/** Static calls that create, look up and remove placement groups. */
public final class PlacementGroups {

  private PlacementGroups() {}

  /**
   * Asks the cluster to reserve the bundles of a new placement group. Returns at once; use
   * {@link PlacementGroup#wait(int)} to wait until it is created.
   */
  public static PlacementGroup createPlacementGroup(PlacementGroupCreationOptions options) {
    return Ray.internal().createPlacementGroup(options);
  }

  /** The placement group with this id, or null when there is none. */
  public static PlacementGroup getPlacementGroup(PlacementGroupId id) {
    return Ray.internal().getPlacementGroup(id);
  }

  /** Removes the placement group and releases its bundles. */
  public static void removePlacementGroup(PlacementGroupId id) {
    Ray.internal().removePlacementGroup(id);
  }
}
