package io.jray.raylet;

import java.util.LinkedHashMap;
import java.util.Map;

/** The node's resources: the totals it was started with and what is not leased out. Synchronized. */
final class LocalResources {
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
}
