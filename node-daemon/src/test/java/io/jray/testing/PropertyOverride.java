package io.jray.testing;

/** A system property set for a while (a test class's settings), and put back as it was by {@link #restore()}. */
public final class PropertyOverride {
  private final String name;
  private final String before;

  private PropertyOverride(String name, String value) {
    this.name = name;
    this.before = System.setProperty(name, value);
  }

  public static PropertyOverride set(String name, String value) {
    return new PropertyOverride(name, value);
  }

  public void restore() {
    if (before == null) {
      System.clearProperty(name);
    } else {
      System.setProperty(name, before);
    }
  }
}
