package io.jray.bench;

import io.jray.api.PlacementGroups;
import io.jray.api.options.PlacementGroupCreationOptions;
import io.jray.api.placementgroup.PlacementGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The placement group workload: groups created, waited for and removed again, as Ray's. */
final class PlacementGroupWorkloads {
  /** Groups per call (Ray: 100); the rate counts groups. */
  static final int GROUPS = 100;
  /** Each group is one bundle of a sliver of CPU (Ray: 0.001 of a custom resource; every cluster has CPUs). */
  static final Map<String, Double> BUNDLE = Map.of("CPU", 0.001);
  /** How long one group may take to be created (Ray: 30 s). */
  static final int WAIT_S = 30;

  private PlacementGroupWorkloads() {}

  static Workload createRemoval() {
    return Workload.of("placement_group_create/removal", s -> {
      int n = s.batch(GROUPS);
      PlacementGroupCreationOptions options =
          new PlacementGroupCreationOptions.Builder().setBundles(List.of(BUNDLE)).build();
      return Trial.of(n, () -> {
        List<PlacementGroup> groups = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          groups.add(PlacementGroups.createPlacementGroup(options));
        }
        for (PlacementGroup group : groups) {
          if (!group.wait(WAIT_S)) {
            throw new IllegalStateException("placement group " + group.getId() + " was not created within "
                + WAIT_S + " s");
          }
        }
        // Removed in the timed call too, as Ray does: groups left behind would slow every later call.
        groups.forEach(g -> PlacementGroups.removePlacementGroup(g.getId()));
      });
    });
  }
}
