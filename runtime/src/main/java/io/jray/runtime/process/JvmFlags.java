package io.jray.runtime.process;

import java.util.ArrayList;
import java.util.List;

/**
 * The flags every JVM jray starts gets so that a current JDK runs it quietly: from Java 24 on, Netty's native
 * library load and Fory's and Netty's use of {@code sun.misc.Unsafe} each print a warning before the program's
 * own output unless the JVM is told they are allowed. Each flag is given only to a JVM that knows it (an unknown
 * option stops a JVM from starting); jray starts its JVMs from its own {@code java.home}, so this JVM's version
 * is theirs.
 */
public final class JvmFlags {
  private JvmFlags() {}

  /** The start of a command line that runs a JVM like this one: its {@code java}, and the flags below. */
  public static List<String> javaCommand() {
    List<String> command = new ArrayList<>();
    command.add(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(quiet());
    return command;
  }

  /** For a JVM of this one's version. */
  public static List<String> quiet() {
    return quiet(Runtime.version().feature());
  }

  /** For a JVM of the given feature release (17, 21, 25...). */
  public static List<String> quiet(int feature) {
    List<String> flags = new ArrayList<>();
    if (feature >= 22) { // the final form of the option (JEP 454); the warning it silences came in 24 (JEP 472)
      flags.add("--enable-native-access=ALL-UNNAMED");
    }
    if (feature >= 23) { // JEP 471; the warning is printed from 24 on
      flags.add("--sun-misc-unsafe-memory-access=allow");
    }
    return flags;
  }
}
