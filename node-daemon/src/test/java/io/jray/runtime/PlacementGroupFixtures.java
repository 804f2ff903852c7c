package io.jray.runtime;

import com.google.protobuf.ByteString;
import io.jray.api.PlacementGroups;
import io.jray.api.options.PlacementGroupCreationOptions;
import io.jray.api.placementgroup.PlacementGroup;
import io.jray.api.placementgroup.PlacementStrategy;
import io.jray.runtime.gcs.GcsClient;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** What the placement group tests share: creating a group, and where the GCS put its bundles. */
final class PlacementGroupFixtures {
  private PlacementGroupFixtures() {}

  @SafeVarargs
  static PlacementGroup create(PlacementStrategy strategy, Map<String, Double>... bundles) {
    return create(null, strategy, bundles);
  }

  @SafeVarargs
  static PlacementGroup create(String name, PlacementStrategy strategy, Map<String, Double>... bundles) {
    return PlacementGroups.createPlacementGroup(new PlacementGroupCreationOptions.Builder()
        .setName(name).setBundles(List.of(bundles)).setStrategy(strategy).build());
  }

  /** The node id (hex) of each bundle, in index order, as the GCS records it ("" while unplaced). */
  static List<String> bundleNodes(GcsClient gcs, PlacementGroup pg) {
    return gcs.getPlacementGroup(ByteString.copyFrom(pg.getId().getBytes())).orElseThrow()
        .getBundleNodeIdsList().stream().map(PlacementGroupFixtures::hex).toList();
  }

  static String hex(ByteString id) {
    return HexFormat.of().formatHex(id.toByteArray());
  }
}
