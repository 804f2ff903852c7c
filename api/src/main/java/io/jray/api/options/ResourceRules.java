package io.jray.api.options;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Ray's rules for resource quantities, shared by the option builders of this package. */
final class ResourceRules {

  private ResourceRules() {}

  /** Checks one task or actor resource: >= 0, and whole when above 1. */
  static void checkQuantity(String name, Double value) {
    checkName(name);
    if (value == null || value.isNaN() || value.isInfinite() || value < 0) {
      throw new IllegalArgumentException(
          "Resource '" + name + "' = " + value + " is invalid: a quantity must be a number >= 0");
    }
    if (value > 1 && value % 1 != 0) {
      throw new IllegalArgumentException(
          "Resource '" + name + "' = " + value
              + " is invalid: a quantity above 1 must be a whole number");
    }
  }

  /** Checks one placement group bundle: not empty, every quantity a number >= 0, not all 0. */
  static Map<String, Double> checkedBundle(int index, Map<String, Double> bundle) {
    if (bundle == null || bundle.isEmpty()) {
      throw new IllegalArgumentException("Bundle " + index + " is empty: give it a resource");
    }
    boolean anyPositive = false;
    for (Map.Entry<String, Double> entry : bundle.entrySet()) {
      checkName(entry.getKey());
      Double value = entry.getValue();
      if (value == null || value.isNaN() || value.isInfinite() || value < 0) {
        throw new IllegalArgumentException(
            "Bundle " + index + ": resource '" + entry.getKey() + "' = " + value
                + " is invalid: a quantity must be a number >= 0");
      }
      anyPositive |= value > 0;
    }
    if (!anyPositive) {
      throw new IllegalArgumentException(
          "Bundle " + index + " asks for no resource (all quantities are 0): " + bundle);
    }
    return Collections.unmodifiableMap(new LinkedHashMap<>(bundle));
  }

  static void checkBundleIndex(int bundleIndex) {
    if (bundleIndex < -1) {
      throw new IllegalArgumentException(
          "bundleIndex = " + bundleIndex + " is invalid: use -1 (any bundle) or a bundle's index");
    }
  }

  private static void checkName(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("A resource name must not be null or empty");
    }
  }
}
