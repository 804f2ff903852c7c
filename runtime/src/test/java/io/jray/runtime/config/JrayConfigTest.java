package io.jray.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JrayConfigTest {
  /** A setting left out of all() is not passed on to the daemons and workers a process starts (-D flags). */
  @Test
  void everySettingIsListedSoItReachesTheProcessesStarted() throws Exception {
    List<String> missing = new ArrayList<>();
    for (Field field : JrayConfig.class.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == Setting.class
          && !JrayConfig.all().contains(field.get(null))) {
        missing.add(field.getName());
      }
    }
    assertEquals(List.of(), missing, "settings missing from JrayConfig.all()");
  }

  @Test
  void loggingLevelsAreRaysNames() {
    try {
      System.setProperty("jray.logging_level", "warning");
      assertEquals(java.util.logging.Level.WARNING, JrayConfig.loggingLevel());
      System.setProperty("jray.logging_level", "debug");
      assertEquals(java.util.logging.Level.FINE, JrayConfig.loggingLevel());
    } finally {
      System.clearProperty("jray.logging_level");
    }
    assertEquals(java.util.logging.Level.INFO, JrayConfig.loggingLevel());
  }
}
