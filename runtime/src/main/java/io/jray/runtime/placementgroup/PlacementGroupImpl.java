package io.jray.runtime.placementgroup;

import com.google.protobuf.ByteString;
import io.jray.api.Ray;
import io.jray.api.id.PlacementGroupId;
import io.jray.api.options.PlacementGroupCreationOptions;
import io.jray.api.placementgroup.PlacementGroup;
import io.jray.api.placementgroup.PlacementGroupState;
import io.jray.api.placementgroup.PlacementStrategy;
import io.jray.proto.PlacementGroupInfo;
import io.jray.proto.ResourceMap;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A handle to a placement group: what it was created with and its state when last looked at. Plain fields, so
 * it travels in task and actor arguments; {@link #wait} asks the cluster of whatever JVM it is in.
 */
public final class PlacementGroupImpl implements PlacementGroup {
  private final byte[] id;
  private final String name;
  private final List<Map<String, Double>> bundles;
  private final PlacementStrategy strategy;
  private volatile PlacementGroupState state;

  private PlacementGroupImpl(byte[] id, String name, List<Map<String, Double>> bundles, PlacementStrategy strategy,
      PlacementGroupState state) {
    this.id = id;
    this.name = name;
    this.bundles = bundles;
    this.strategy = strategy;
    this.state = state;
  }

  /** The handle of a group as the GCS describes it. */
  public static PlacementGroupImpl of(PlacementGroupInfo info) {
    return new PlacementGroupImpl(info.getPlacementGroupId().toByteArray(),
        info.getName().isEmpty() ? null : info.getName(),
        info.getBundlesList().stream().map(b -> Map.copyOf(b.getAmountsMap())).toList(),
        PlacementStrategy.valueOf(info.getStrategy().name()), PlacementGroupState.valueOf(info.getState().name()));
  }

  /** What the GCS is asked to create: a fresh id, the options, and who creates it. */
  public static PlacementGroupInfo newGroup(PlacementGroupCreationOptions options, ByteString jobId, String namespace) {
    PlacementGroupInfo.Builder info = PlacementGroupInfo.newBuilder()
        .setPlacementGroupId(ByteString.copyFrom(PlacementGroupId.fromRandom().getBytes()))
        .setName(options.getName() == null ? "" : options.getName())
        .setNamespace(namespace)
        .setCreatorJobId(jobId)
        .setStrategy(PlacementGroupInfo.Strategy.valueOf(options.getStrategy().name()));
    options.getBundles().forEach(b -> info.addBundles(ResourceMap.newBuilder().putAllAmounts(b)));
    return info.build();
  }

  @Override
  public PlacementGroupId getId() {
    return PlacementGroupId.fromBytes(id);
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public List<Map<String, Double>> getBundles() {
    return bundles;
  }

  @Override
  public PlacementStrategy getStrategy() {
    return strategy;
  }

  @Override
  public PlacementGroupState getState() {
    return state;
  }

  @Override
  public boolean wait(int timeoutSeconds) {
    boolean ready = Ray.internal().waitPlacementGroupReady(getId(), timeoutSeconds);
    if (ready) {
      state = PlacementGroupState.CREATED;
    } else {
      PlacementGroup now = Ray.internal().getPlacementGroup(getId());
      state = now == null ? PlacementGroupState.REMOVED : now.getState();
    }
    return ready;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PlacementGroupImpl other && Arrays.equals(id, other.id);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(id);
  }

  @Override
  public String toString() {
    return "PlacementGroup(" + getId().toHex() + (name == null ? "" : " " + name) + ", " + strategy + ", " + bundles
        + ")";
  }
}
