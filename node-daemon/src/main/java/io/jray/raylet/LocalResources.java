package io.jray.raylet;

import java.util.LinkedHashMap;
import java.util.Map;

/** The node's resources: the totals it was started with and what is not leased out. Synchronized. */
final class LocalResources {
  private static final double EPSILON = 1e-9;

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
    return fits(total, shape);
  }

  static boolean fits(Map<String, Double> have, Map<String, Double> shape) {
    for (Map.Entry<String, Double> need : shape.entrySet()) {
      if (need.getValue() > EPSILON && have.getOrDefault(need.getKey(), 0.0) + EPSILON < need.getValue()) {
        return false;
      }
    }
    return true;
  }

  synchronized boolean tryAcquire(Map<String, Double> shape) {
    if (!fits(available, shape)) {
      return false;
    }
    shape.forEach((name, amount) -> available.merge(name, -amount, Double::sum));
    return true;
  }

  /** Takes the shape whether or not it fits (a blocked worker resuming): available may go below zero. */
  synchronized void take(Map<String, Double> shape) {
    shape.forEach((name, amount) -> available.merge(name, -amount, Double::sum));
  }

  synchronized void release(Map<String, Double> shape) {
    shape.forEach((name, amount) -> available.merge(name, amount, Double::sum));
  }
}
