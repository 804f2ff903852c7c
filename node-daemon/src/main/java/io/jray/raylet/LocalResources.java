package io.jray.raylet;

import io.jray.runtime.resources.ResourceShapes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The node's resources: the totals it was started with and what is neither leased out nor reserved for a
 * placement group bundle. Synchronized.
 */
final class LocalResources implements ResourcePool {
  private final Map<String, Double> total;
  private final Map<String, Double> available;

  LocalResources(Map<String, Double> total) {
    this.total = Map.copyOf(total);
    this.available = new LinkedHashMap<>(total);
  }

  Map<String, Double> total() {
    return total;
  }

  synchronized Map<String, Double> available() {
    return Map.copyOf(available);
  }

  /** Whether this node could ever run the shape (its totals suffice). */
  boolean fitsTotal(Map<String, Double> shape) {
    return ResourceShapes.fits(total, shape);
  }

  @Override
  public synchronized boolean tryAcquire(Map<String, Double> shape) {
    if (!ResourceShapes.fits(available, shape)) {
      return false;
    }
    ResourceShapes.add(available, shape, -1);
    return true;
  }

  /** Takes the shape whether or not it fits (a blocked worker resuming): available may go below zero. */
  synchronized void take(Map<String, Double> shape) {
    ResourceShapes.add(available, shape, -1);
  }

  @Override
  public synchronized void release(Map<String, Double> shape) {
    ResourceShapes.add(available, shape, 1);
  }
}
