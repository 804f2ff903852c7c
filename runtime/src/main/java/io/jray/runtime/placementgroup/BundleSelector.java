package io.jray.runtime.placementgroup;

import com.google.protobuf.ByteString;
import io.jray.api.placementgroup.PlacementGroup;
import io.jray.proto.BundleId;
import io.jray.runtime.resources.ResourceShapes;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where a task or actor asks to run inside a placement group, checked at submission as Ray checks it: the
 * bundle index exists, and the bundle (or, for -1, some bundle) can hold the resources asked for, so a request
 * that could never be placed fails at once instead of waiting forever.
 */
public final class BundleSelector {
  private BundleSelector() {}

  /**
   * @param what names the task or actor in a message (made only then: this runs for every task)
   * @return the selector, or null when {@code group} is null
   * @throws IllegalArgumentException when the index or the resources do not suit the group
   */
  public static BundleId of(PlacementGroup group, int bundleIndex, Map<String, Double> shape,
      Supplier<String> what) {
    if (group == null) {
      return null;
    }
    List<Map<String, Double>> bundles = group.getBundles();
    String name = "placement group " + group.getId().toHex();
    if (bundleIndex >= bundles.size()) {
      throw new IllegalArgumentException("bundleIndex = " + bundleIndex + " is invalid for " + what.get() + ": " + name
          + " has " + bundles.size() + " bundle(s); use -1 (any bundle) or 0.." + (bundles.size() - 1) + ".");
    }
    boolean fits = bundleIndex >= 0 ? ResourceShapes.fits(bundles.get(bundleIndex), shape)
        : bundles.stream().anyMatch(b -> ResourceShapes.fits(b, shape));
    if (!fits) {
      throw new IllegalArgumentException("Cannot place " + what.get() + " in " + name + ": it asks for " + shape + ", which "
          + (bundleIndex >= 0 ? "bundle " + bundleIndex + " " + bundles.get(bundleIndex) + " cannot hold"
              : "none of its bundles " + bundles + " can hold")
          + ". Ask for less, or give the bundles more.");
    }
    return BundleId.newBuilder().setPlacementGroupId(ByteString.copyFrom(group.getId().getBytes()))
        .setBundleIndex(bundleIndex).build();
  }
}
