package io.jray.runtime.resources;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Arithmetic on resource shapes (name -> quantity), shared by the raylet's pools, the GCS's schedulers and the
 * submitter's checks. Quantities are doubles, so comparisons allow a tiny error (fractional CPUs add up inexactly).
 */
public final class ResourceShapes {
  private static final double EPSILON = 1e-9;

  private ResourceShapes() {}

  /**
   * Why a shape that came over the wire cannot be taken, or empty if it can: every amount must be a finite number,
   * not negative, and whole above 1 (fractions only below 1, as Ray). A negative amount would inflate a node for
   * a lease's lifetime and NaN would fit every shape, so servers check shapes where they enter.
   */
  public static Optional<String> invalid(Map<String, Double> shape) {
    for (Map.Entry<String, Double> e : shape.entrySet()) {
      double amount = e.getValue();
      if (!Double.isFinite(amount) || amount < 0 || (amount > 1 && amount != Math.rint(amount))) {
        return Optional.of("The resource amount " + e.getKey() + "=" + amount + " is invalid: amounts must be"
            + " finite, not negative, and whole numbers above 1 (fractions only below 1).");
      }
    }
    return Optional.empty();
  }

  /**
   * Why a node's capacities (what it registers) cannot be taken, or empty: each must be finite and not negative.
   * A node may offer a fractional amount ({@code --num-cpus=2.5}); only requests must be whole above 1.
   */
  public static Optional<String> invalidCapacity(Map<String, Double> capacity) {
    for (Map.Entry<String, Double> e : capacity.entrySet()) {
      if (!Double.isFinite(e.getValue()) || e.getValue() < 0) {
        return Optional.of("The resource capacity " + e.getKey() + "=" + e.getValue() + " is invalid: a node's"
            + " capacities must be finite and not negative.");
      }
    }
    return Optional.empty();
  }

  /** Whether {@code have} holds at least {@code shape} of every resource the shape asks for. */
  public static boolean fits(Map<String, Double> have, Map<String, Double> shape) {
    for (Map.Entry<String, Double> need : shape.entrySet()) {
      if (need.getValue() > EPSILON && have.getOrDefault(need.getKey(), 0.0) + EPSILON < need.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** Adds {@code amounts} into {@code into} (negated when {@code sign} is -1). */
  public static void add(Map<String, Double> into, Map<String, Double> amounts, int sign) {
    amounts.forEach((name, amount) -> into.merge(name, sign * amount, Double::sum));
  }

  /** {@code have} minus {@code shape}, as a new map. */
  public static Map<String, Double> minus(Map<String, Double> have, Map<String, Double> shape) {
    Map<String, Double> left = new LinkedHashMap<>(have);
    add(left, shape, -1);
    return left;
  }

  /** The shapes added up. */
  public static Map<String, Double> sum(Collection<Map<String, Double>> shapes) {
    Map<String, Double> total = new LinkedHashMap<>();
    shapes.forEach(s -> add(total, s, 1));
    return total;
  }
}
