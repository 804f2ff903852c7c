package io.jray.api.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.api.placementgroup.PlacementStrategy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourceRulesTest {

  @Test
  void negativeQuantityIsRejectedNamingResourceAndValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new CallOptions.Builder().setResource("GPU", -1.0));
    assertTrue(e.getMessage().contains("'GPU'") && e.getMessage().contains("-1.0"),
        e.getMessage());
  }

  @Test
  void fractionAboveOneIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new CallOptions.Builder().setResource("CPU", 1.5));
    assertTrue(e.getMessage().contains("'CPU'") && e.getMessage().contains("1.5")
        && e.getMessage().contains("whole"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new ActorCreationOptions.Builder().setResource("CPU", 2.5));
  }

  @Test
  void wholeQuantitiesAndFractionsUpToOneAreAccepted() {
    CallOptions options = new CallOptions.Builder()
        .setResource("CPU", 2.0)
        .setResource("GPU", 0.5)
        .setResource("memory", 0.0)
        .setResource("accel", 1.0)
        .build();
    assertEquals(Map.of("CPU", 2.0, "GPU", 0.5, "memory", 0.0, "accel", 1.0),
        options.getResources());
  }

  @Test
  void nullNaNAndInfiniteQuantitiesAndEmptyNamesAreRejected() {
    CallOptions.Builder builder = new CallOptions.Builder();
    assertThrows(IllegalArgumentException.class, () -> builder.setResource("CPU", null));
    assertThrows(IllegalArgumentException.class, () -> builder.setResource("CPU", Double.NaN));
    assertThrows(IllegalArgumentException.class,
        () -> builder.setResource("CPU", Double.POSITIVE_INFINITY));
    assertThrows(IllegalArgumentException.class, () -> builder.setResource("", 1.0));
    assertThrows(IllegalArgumentException.class, () -> builder.setResource(null, 1.0));
  }

  @Test
  void setResourcesChecksEveryEntry() {
    Map<String, Double> resources = new HashMap<>();
    resources.put("CPU", 1.0);
    resources.put("GPU", 3.25);
    assertThrows(IllegalArgumentException.class,
        () -> new CallOptions.Builder().setResources(resources));
    assertThrows(IllegalArgumentException.class,
        () -> new ActorCreationOptions.Builder().setResources(resources));
  }

  @Test
  void retryRestartAndConcurrencyLimitsAreChecked() {
    assertEquals(-1, new CallOptions.Builder().setMaxRetries(-1).build().getMaxRetries());
    assertThrows(IllegalArgumentException.class, () -> new CallOptions.Builder().setMaxRetries(-2));
    ActorCreationOptions.Builder actor = new ActorCreationOptions.Builder();
    assertEquals(-1, actor.setMaxRestarts(-1).build().getMaxRestarts());
    assertThrows(IllegalArgumentException.class, () -> actor.setMaxRestarts(-2));
    assertThrows(IllegalArgumentException.class, () -> actor.setMaxTaskRetries(-2));
    assertThrows(IllegalArgumentException.class, () -> actor.setMaxConcurrency(0));
    assertThrows(IllegalArgumentException.class, () -> actor.setName(""));
    assertThrows(IllegalArgumentException.class,
        () -> new CallOptions.Builder().setPlacementGroup(null, -2));
  }

  @Test
  void builtOptionsDoNotChangeWithTheBuilder() {
    CallOptions.Builder builder = new CallOptions.Builder().setResource("CPU", 1.0);
    CallOptions built = builder.build();
    builder.setResource("GPU", 1.0);
    assertEquals(Map.of("CPU", 1.0), built.getResources());
    assertThrows(UnsupportedOperationException.class, () -> built.getResources().put("x", 1.0));
  }

  @Test
  void placementGroupBundlesAreChecked() {
    PlacementGroupCreationOptions.Builder builder = new PlacementGroupCreationOptions.Builder();
    assertThrows(IllegalArgumentException.class, builder::build);
    assertThrows(IllegalArgumentException.class, () -> builder.setBundles(List.of()).build());
    assertThrows(IllegalArgumentException.class,
        () -> builder.setBundles(List.of(Map.of())).build());
    assertThrows(IllegalArgumentException.class,
        () -> builder.setBundles(List.of(Map.of("CPU", 0.0))).build());
    assertThrows(IllegalArgumentException.class,
        () -> builder.setBundles(List.of(Map.of("CPU", -1.0))).build());
    PlacementGroupCreationOptions options =
        builder.setName("pg").setBundles(List.of(Map.of("CPU", 1.0), Map.of("GPU", 0.5))).build();
    assertEquals(PlacementStrategy.PACK, options.getStrategy());
    assertEquals(List.of(Map.of("CPU", 1.0), Map.of("GPU", 0.5)), options.getBundles());
    assertThrows(IllegalArgumentException.class,
        () -> builder.setStrategy(PlacementStrategy.UNRECOGNIZED).build());
  }
}
