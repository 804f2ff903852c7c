package io.jray.node;

import java.util.HashMap;
import java.util.Map;

/** The {@code --key=value} arguments the launcher passes to a daemon's main. */
public final class DaemonArgs {
  private final Map<String, String> values = new HashMap<>();

  private DaemonArgs() {}

  public static DaemonArgs parse(String[] args) {
    DaemonArgs parsed = new DaemonArgs();
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("daemon argument '" + arg + "' is not of the form --key=value");
      }
      int eq = arg.indexOf('=');
      parsed.values.put(arg.substring(2, eq), arg.substring(eq + 1));
    }
    return parsed;
  }

  public String get(String key) {
    String value = values.get(key);
    if (value == null) {
      throw new IllegalArgumentException("daemon argument --" + key + " is missing");
    }
    return value;
  }

  public String get(String key, String fallback) {
    return values.getOrDefault(key, fallback);
  }

  public int getInt(String key, int fallback) {
    String value = values.get(key);
    return value == null ? fallback : Integer.parseInt(value);
  }

  public long getLong(String key, long fallback) {
    String value = values.get(key);
    return value == null ? fallback : Long.parseLong(value);
  }
}
