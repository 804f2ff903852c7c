package io.jray.runtime.config;

import java.util.Locale;
import java.util.function.Function;

/**
 * One tunable: its name, its default, and how it is overridden. The value comes from the system property
 * {@code jray.<name>}, else the environment variable {@code JRAY_<NAME>}, else the default. Read on every
 * call (cheap), so a test may set the property before it starts a component.
 */
public final class Setting<T> {
  private final String name;
  private final T defaultValue;
  private final Function<String, T> parser;
  private final String propertyName;
  private final String envName;

  private Setting(String name, T defaultValue, Function<String, T> parser) {
    this.name = name;
    this.propertyName = "jray." + name;
    this.envName = "JRAY_" + name.toUpperCase(Locale.ROOT);
    this.defaultValue = defaultValue;
    this.parser = parser;
  }

  static Setting<Long> ofLong(String name, long defaultValue) {
    return new Setting<>(name, defaultValue, Long::parseLong);
  }

  static Setting<Integer> ofInt(String name, int defaultValue) {
    return new Setting<>(name, defaultValue, Integer::parseInt);
  }

  static Setting<Double> ofDouble(String name, double defaultValue) {
    return new Setting<>(name, defaultValue, Double::parseDouble);
  }

  /** On for 1, true, yes or on (any case); off for 0, false, no or off. */
  static Setting<Boolean> ofBoolean(String name, boolean defaultValue) {
    return new Setting<>(name, defaultValue, s -> switch (s.toLowerCase(Locale.ROOT)) {
      case "1", "true", "yes", "on" -> true;
      case "0", "false", "no", "off" -> false;
      default -> throw new IllegalArgumentException(s);
    });
  }

  static Setting<String> ofString(String name, String defaultValue) {
    return new Setting<>(name, defaultValue, s -> s);
  }

  public String name() {
    return name;
  }

  public String propertyName() {
    return propertyName;
  }

  public String envName() {
    return envName;
  }

  public T defaultValue() {
    return defaultValue;
  }

  /** The effective value; an unparsable override is an error that names the setting. */
  public T get() {
    String raw = System.getProperty(propertyName);
    String source = propertyName;
    if (raw == null) {
      raw = System.getenv(envName);
      source = envName;
    }
    if (raw == null || raw.isBlank()) {
      return defaultValue;
    }
    try {
      return parser.apply(raw.trim());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "Invalid value '" + raw + "' for " + source + ": expected a value like " + defaultValue + ".");
    }
  }
}
