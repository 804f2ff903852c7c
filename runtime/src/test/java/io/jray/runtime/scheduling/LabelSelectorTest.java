package io.jray.runtime.scheduling;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ray's label selector syntax. */
class LabelSelectorTest {
  private static final Map<String, String> SSD_A = Map.of("disk", "ssd", "zone", "a");

  @Test
  void equalsAndNotEquals() {
    assertTrue(LabelSelector.parse(Map.of("disk", "ssd")).matches(SSD_A));
    assertFalse(LabelSelector.parse(Map.of("disk", "hdd")).matches(SSD_A));
    assertFalse(LabelSelector.parse(Map.of("disk", "!ssd")).matches(SSD_A));
    assertTrue(LabelSelector.parse(Map.of("gpu", "!a100")).matches(SSD_A)); // a node without the label matches !v
    assertFalse(LabelSelector.parse(Map.of("gpu", "a100")).matches(SSD_A));
  }

  @Test
  void inAndNotIn() {
    assertTrue(LabelSelector.parse(Map.of("zone", "in(a, b)")).matches(SSD_A));
    assertFalse(LabelSelector.parse(Map.of("zone", "in(b,c)")).matches(SSD_A));
    assertFalse(LabelSelector.parse(Map.of("zone", "!in(a,b)")).matches(SSD_A));
    assertTrue(LabelSelector.parse(Map.of("zone", "!in(b,c)")).matches(SSD_A));
  }

  @Test
  void everyEntryMustMatch() {
    assertTrue(LabelSelector.parse(Map.of("disk", "ssd", "zone", "a")).matches(SSD_A));
    assertFalse(LabelSelector.parse(Map.of("disk", "ssd", "zone", "b")).matches(SSD_A));
  }

  @Test
  void malformedSelectorsAreRefusedNamingTheEntry() {
    for (String bad : new String[] {"", "!", "in()", "in(a,)", "a,b", "in(a"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> LabelSelector.parse(Map.of("zone", bad)));
      assertTrue(e.getMessage().contains("zone"), e.getMessage());
    }
  }
}
