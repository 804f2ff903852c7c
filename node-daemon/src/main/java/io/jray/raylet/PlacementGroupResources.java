package io.jray.raylet;

import io.jray.proto.Bundle;
import io.jray.proto.BundleId;
import io.jray.proto.BundleUsage;
import io.jray.proto.ResourceMap;
import io.jray.runtime.resources.ResourceShapes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The placement group bundles this node holds (Ray's placement_group_resource_manager). Preparing a bundle
 * takes its resources out of the node's free pool; committing it lets leases of its group use them; cancelling
 * it gives them back to the node. Called from gRPC threads; synchronized on this object, and while locked it
 * calls only into the node's pool and its bundles.
 */
final class PlacementGroupResources {

  /** One bundle's reservation: leases of its group take from it and give back to it while it lasts. */
  static final class Held implements ResourcePool {
    final BundleId id;
    final Map<String, Double> total;
    private final Map<String, Double> available;
    private boolean committed;
    /** Given back to the node: a lease that ends later must not put its share back here. */
    private boolean returned;

    private Held(BundleId id, Map<String, Double> total) {
      this.id = id;
      this.total = Map.copyOf(total);
      this.available = new LinkedHashMap<>(total);
    }

    @Override
    public synchronized boolean tryAcquire(Map<String, Double> shape) {
      if (!committed || returned || !ResourceShapes.fits(available, shape)) {
        return false;
      }
      ResourceShapes.add(available, shape, -1);
      return true;
    }

    @Override
    public synchronized void release(Map<String, Double> shape) {
      if (!returned) {
        ResourceShapes.add(available, shape, 1);
      }
    }

    private synchronized void commit() {
      committed = true;
    }

    private synchronized void giveBack() {
      returned = true;
    }

    private synchronized boolean committed() {
      return committed;
    }

    private synchronized BundleUsage usage() {
      return BundleUsage.newBuilder().setId(id).setTotal(ResourceMap.newBuilder().putAllAmounts(total))
          .setAvailable(ResourceMap.newBuilder().putAllAmounts(available)).build();
    }
  }

  private final LocalResources node;
  private final Map<BundleId, Held> bundles = new LinkedHashMap<>();

  PlacementGroupResources(LocalResources node) {
    this.node = node;
  }

  /** Whether {@code id} is a bundle the selector asks for (a selector's index -1 matches every bundle of its group). */
  static boolean matches(BundleId selector, BundleId id) {
    return selector.getPlacementGroupId().equals(id.getPlacementGroupId())
        && (selector.getBundleIndex() < 0 || selector.getBundleIndex() == id.getBundleIndex());
  }

  /** Reserves all the bundles or none; a bundle held already (a repeated prepare) counts as reserved. */
  synchronized boolean prepare(List<Bundle> requested) {
    List<Bundle> fresh = requested.stream().filter(b -> !bundles.containsKey(b.getId())).toList();
    if (!node.tryAcquire(ResourceShapes.sum(fresh.stream().map(b -> b.getResources().getAmountsMap()).toList()))) {
      return false;
    }
    fresh.forEach(b -> bundles.put(b.getId(), new Held(b.getId(), b.getResources().getAmountsMap())));
    return true;
  }

  synchronized void commit(List<BundleId> ids) {
    for (BundleId id : ids) {
      Held held = bundles.get(id);
      if (held != null) {
        held.commit();
      }
    }
  }

  /** Gives a bundle's whole reservation back to the node; the bundle, if it was held here. */
  synchronized Optional<Held> cancel(BundleId id) {
    Held held = bundles.remove(id);
    if (held == null) {
      return Optional.empty();
    }
    held.giveBack();
    node.release(held.total);
    return Optional.of(held);
  }

  /** Takes the shape from a committed bundle the selector asks for that has room now; null if none has. */
  synchronized Held tryAcquire(BundleId selector, Map<String, Double> shape) {
    for (Held held : bundles.values()) {
      if (matches(selector, held.id) && held.tryAcquire(shape)) {
        return held;
      }
    }
    return null;
  }

  /** Whether a committed bundle here that the selector asks for could ever hold the shape. */
  synchronized boolean fitsTotal(BundleId selector, Map<String, Double> shape) {
    return bundles.values().stream()
        .anyMatch(h -> matches(selector, h.id) && h.committed() && ResourceShapes.fits(h.total, shape));
  }

  /** The committed bundles with what their leases use, for the node's report. */
  synchronized List<BundleUsage> usage() {
    List<BundleUsage> out = new ArrayList<>();
    bundles.values().stream().filter(Held::committed).forEach(h -> out.add(h.usage()));
    return out;
  }
}
