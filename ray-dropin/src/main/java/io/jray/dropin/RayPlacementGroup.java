package io.jray.dropin;

import io.ray.api.id.PlacementGroupId;
import io.ray.api.placementgroup.PlacementGroup;
import io.ray.api.placementgroup.PlacementGroupState;
import io.ray.api.placementgroup.PlacementStrategy;
import java.util.List;
import java.util.Map;

/**
 * Ray's {@link PlacementGroup} over jray's: jray's handle is a plain value, so this one travels in task and actor
 * arguments too, and {@link #wait} asks the cluster of whatever JVM it is in.
 */
final class RayPlacementGroup implements PlacementGroup {
  private final io.jray.api.placementgroup.PlacementGroup group;

  RayPlacementGroup(io.jray.api.placementgroup.PlacementGroup group) {
    this.group = group;
  }

  /** jray's placement group behind a Ray one of this runtime; null stays null (no group). */
  static io.jray.api.placementgroup.PlacementGroup unwrap(PlacementGroup group) {
    if (group == null) {
      return null;
    }
    if (group instanceof RayPlacementGroup ours) {
      return ours.group;
    }
    throw new IllegalArgumentException("Not a placement group of jray-ray-runtime: " + group + " ("
        + group.getClass().getName() + ") was made by another Ray runtime.");
  }

  @Override
  public PlacementGroupId getId() {
    return RayIds.placementGroup(group.getId());
  }

  @Override
  public String getName() {
    return group.getName();
  }

  @Override
  public List<Map<String, Double>> getBundles() {
    return group.getBundles();
  }

  @Override
  public PlacementStrategy getStrategy() {
    return PlacementStrategy.valueOf(group.getStrategy().name());
  }

  @Override
  public PlacementGroupState getState() {
    io.jray.api.placementgroup.PlacementGroupState state = group.getState();
    return state == null ? PlacementGroupState.UNRECOGNIZED : PlacementGroupState.valueOf(state.name());
  }

  @Override
  public boolean wait(int timeoutSeconds) {
    return RayExceptions.translated(() -> group.wait(timeoutSeconds));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RayPlacementGroup other && group.getId().equals(other.group.getId());
  }

  @Override
  public int hashCode() {
    return group.getId().hashCode();
  }

  @Override
  public String toString() {
    return group.toString();
  }
}
