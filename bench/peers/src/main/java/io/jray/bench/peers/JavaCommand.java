package io.jray.bench.peers;

import io.jray.bench.ForkedRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a JVM that runs one of this module's main classes: this JVM's java and class path, and
 * the JVM options jray gives its benchmark drivers, so both sides of a measure run as jray's do (plus any a peer
 * needs at its best).
 */
final class JavaCommand {
  /** The system property that tells a child whose death it must not outlive (see {@link ChildSide}). */
  static final String PARENT_PID_PROPERTY = "jray.bench.peers.parent";

  private JavaCommand() {}

  static List<String> of(Class<?> main, List<String> jvmOptions, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ForkedRunner.DRIVER_JVM_OPTIONS);
    command.addAll(jvmOptions);
    command.addAll(PeerSettings.extraJvmOptions());
    command.add("-D" + PARENT_PID_PROPERTY + "=" + ProcessHandle.current().pid());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(args);
    return command;
  }
}
