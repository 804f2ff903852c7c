package io.jray.bench.peers;

import java.util.Optional;

/**
 * The child's half of {@link ChildJvm}'s protocol, called from a server's {@code main}: it ends with the JVM that
 * started it (so a killed benchmark leaves no server behind), and reports its port on one line of stdout.
 */
final class ChildSide {
  static final String PORT_LINE = "listening on 127.0.0.1 port ";

  private ChildSide() {}

  /** Exits (running the shutdown hooks) when the parent named on the command line exits, or now if it has. */
  static void exitWithParent() {
    String parent = System.getProperty(JavaCommand.PARENT_PID_PROPERTY);
    if (parent == null) {
      return; // started by hand, to try it out
    }
    Optional<ProcessHandle> handle = ProcessHandle.of(Long.parseLong(parent));
    if (handle.isEmpty()) {
      System.exit(1);
    }
    handle.get().onExit().thenRun(() -> System.exit(1));
  }

  static void announcePort(int port) {
    System.out.println(PORT_LINE + port);
    System.out.flush();
  }

  /** The port a line announces, or -1 for any other line. */
  static int portIn(String line) {
    if (!line.startsWith(PORT_LINE)) {
      return -1;
    }
    try {
      return Integer.parseInt(line.substring(PORT_LINE.length()).strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
