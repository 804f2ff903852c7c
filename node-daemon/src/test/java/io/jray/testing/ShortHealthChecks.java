package io.jray.testing;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For fault tests ({@code @ExtendWith(ShortHealthChecks.class)}): the clusters a test starts health-check their
 * nodes fast, so a killed node is declared dead in about a second; the settings are cleared after each test.
 */
public final class ShortHealthChecks implements BeforeEachCallback, AfterEachCallback {
  private static final Map<String, String> SETTINGS = Map.of(
      "jray.health_check_period_ms", "300",
      "jray.health_check_timeout_ms", "1000",
      "jray.health_check_failure_threshold", "3",
      "jray.health_check_initial_delay_ms", "0");

  /** The same settings as JRAY_* environment variables, for processes that do not inherit this JVM's properties. */
  public static Map<String, String> asEnvironment() {
    return SETTINGS.entrySet().stream().collect(Collectors.toMap(
        e -> "JRAY_" + e.getKey().substring("jray.".length()).toUpperCase(Locale.ROOT), Map.Entry::getValue));
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    SETTINGS.forEach(System::setProperty);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    SETTINGS.keySet().forEach(System::clearProperty);
  }
}
