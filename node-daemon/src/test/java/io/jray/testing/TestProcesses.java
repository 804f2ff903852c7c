package io.jray.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every test cluster of this JVM lives under one root folder; a process whose command line names that root
 * is one a test started. Used to prove that nothing is left running.
 */
public final class TestProcesses {
  private static final Path ROOT = createRoot();

  private TestProcesses() {}

  private static Path createRoot() {
    try {
      return Files.createTempDirectory("jray-test-" + ProcessHandle.current().pid() + "-");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The root under which every harness of this JVM makes its temp dirs. */
  public static Path root() {
    return ROOT;
  }

  /** "pid cmdline" of every live process whose command line mentions the root. */
  public static List<String> leftRunning() {
    List<String> found = new ArrayList<>();
    String marker = ROOT.toString();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
      for (Path proc : procs) {
        try {
          String stat = Files.readString(proc.resolve("stat"));
          String state = stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
          if (state.equals("Z")) {
            continue;
          }
          String cmd = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
          if (cmd.contains(marker)) {
            found.add(proc.getFileName() + " " + cmd);
          }
        } catch (IOException | RuntimeException gone) {
          // the process ended while we looked
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return found;
  }
}
