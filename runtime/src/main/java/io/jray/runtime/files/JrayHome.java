package io.jray.runtime.files;

import java.nio.file.Path;

/** The user's own jray folder, {@code ~/.jray}: under $HOME as the shell sees it, else the JVM's user.home. */
public final class JrayHome {
  private JrayHome() {}

  public static Path dir() {
    String home = System.getenv("HOME");
    return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"), ".jray");
  }
}
