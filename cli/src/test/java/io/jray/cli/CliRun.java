package io.jray.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.jray.testing.Await;
import io.jray.testing.TestProcesses;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code jray} command as a real process ({@code java -cp <test classpath> io.jray.cli.Main ...}) in a
 * sandbox: a folder under {@link TestProcesses#root()} that holds the token file, the default temp dir and
 * every node's temp dir, a random token, and an environment with nothing of the user's jray settings.
 * {@link #close()} stops every node started in the sandbox and fails if any process of it is left, so use it
 * in try-with-resources. Thread-confined to the test that made it.
 */
final class CliRun implements AutoCloseable {
  /** Long enough for a node to start on a loaded 2-core machine; a run that takes longer is a hang. */
  static final Duration TIMEOUT = Duration.ofMinutes(3);
  private static final Duration STOPPED_DEADLINE = Duration.ofSeconds(60);

  private final Path dir;
  private final Map<String, String> env = new LinkedHashMap<>();
  private final List<Path> nodeDirs = new ArrayList<>();
  private final List<Process> spawned = new ArrayList<>();

  /** What one run printed and how it ended. */
  record Result(List<String> command, int exitCode, String out, String err) {
    Result expectExit(int expected) {
      assertEquals(expected, exitCode, () -> "exit code of " + this);
      return this;
    }

    @Override
    public String toString() {
      int main = command.indexOf(Main.class.getName());
      return String.join(" ", main < 0 ? command : command.subList(main, command.size()))
          + "\n--- exit " + exitCode + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
    }
  }

  private CliRun(Path dir, String token) {
    this.dir = dir;
    env.put("JRAY_AUTH_TOKEN", token);
    env.put("JRAY_AUTH_TOKEN_FILE", dir.resolve("auth_token").toString());
    env.put("JRAY_TMPDIR", dir.resolve("default-tmp").toString());
    // Heads of tests running side by side cannot all take 8265: a test that wants a given port says so.
    env.put("JRAY_DASHBOARD_PORT", "0");
    env.put(JrayShell.ENV_HISTORY_FILE, dir.resolve("history").toString());
  }

  /** The sandbox's folder (its processes' command lines may name it, so {@link #close()} finds them). */
  Path dir() {
    return dir;
  }

  /** The environment variables a run gets on top of the inherited ones (token, temp dir, history file). */
  Map<String, String> environment() {
    return Map.copyOf(env);
  }

  static CliRun sandbox() {
    try {
      byte[] bits = new byte[32];
      new SecureRandom().nextBytes(bits);
      return new CliRun(Files.createTempDirectory(TestProcesses.root(), "cli-"), HexFormat.of().formatHex(bits));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fresh temp dir for one node; {@link #close()} stops whatever was started in it. */
  Path nodeDir(String name) {
    try {
      Path nodeDir = Files.createTempDirectory(dir, name + "-");
      nodeDirs.add(nodeDir);
      return nodeDir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Result run(String... args) {
    return run(Map.of(), args);
  }

  /** Runs another main class of the test classpath (e.g. a driver program) in this sandbox's environment. */
  Result runMain(String mainClass, String... args) {
    return runJava(List.of("-cp", System.getProperty("java.class.path")), mainClass, args);
  }

  /** Runs a main class with these JVM options (its classpath among them) in this sandbox's environment. */
  Result runJava(List<String> jvmOptions, String mainClass, String... args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmOptions);
    command.add(mainClass);
    command.addAll(List.of(args));
    return runCommand(command, Map.of());
  }

  /** Runs jray with these extra JVM options (e.g. {@code -Djray.home=...}) and environment variables, to its end. */
  Result runWithJvmOptions(List<String> jvmOptions, Map<String, String> extraEnv, String... args) {
    List<String> command = command(args);
    command.addAll(1, jvmOptions);
    return runCommand(command, extraEnv);
  }

  /** Runs the command to its end (or fails the test after {@link #TIMEOUT}), with extra environment variables. */
  Result run(Map<String, String> extraEnv, String... args) {
    return runCommand(command(args), extraEnv);
  }

  /** Runs the command with {@code input} as its standard input (what a user would type), to its end. */
  Result runWithInput(String input, Map<String, String> extraEnv, String... args) {
    Path in = output("in");
    try {
      Files.writeString(in, input, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return runCommand(command(args), extraEnv, in.toFile());
  }

  private Result runCommand(List<String> command, Map<String, String> extraEnv) {
    return runCommand(command, extraEnv, new File("/dev/null"));
  }

  private Result runCommand(List<String> command, Map<String, String> extraEnv, File stdin) {
    Path out = output("out");
    Path err = output("err");
    String[] args = command.toArray(String[]::new);
    Process process = start(command, extraEnv, stdin, out, err);
    try {
      if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        fail("jray did not finish within " + TIMEOUT.toMinutes() + " min: " + String.join(" ", args));
      }
      return new Result(command, process.exitValue(), read(out), read(err));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new AssertionError("interrupted while running jray " + String.join(" ", args));
    }
  }

  /** Starts the command in the background (e.g. {@code start --block}); stdout and stderr both go to {@code log}. */
  Process spawn(Path log, String... args) {
    Process process = start(command(args), Map.of(), new File("/dev/null"), log, log);
    spawned.add(process);
    return process;
  }

  private Process start(List<String> command, Map<String, String> extraEnv, File stdin, Path out, Path err) {
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectOutput(out.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(stdin));
    if (err.equals(out)) {
      builder.redirectErrorStream(true);
    } else {
      builder.redirectError(err.toFile());
    }
    Map<String, String> environment = builder.environment();
    // Nothing of the surrounding shell's jray settings leaks in: no address, no token, no JVM options.
    environment.keySet().removeIf(k -> k.startsWith("JRAY_") || k.equals("JAVA_TOOL_OPTIONS") || k.equals("JDK_JAVA_OPTIONS"));
    environment.putAll(env);
    environment.putAll(extraEnv);
    try {
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The java command line that runs {@code jray} with these arguments (also what the SSH test hosts run). */
  static List<String> command(String... args) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    return command;
  }

  private Path output(String suffix) {
    try {
      return Files.createTempFile(dir, "run-", "." + suffix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** "pid cmdline" of every live process whose command line names this sandbox. */
  List<String> leftRunning() {
    String marker = dir.toString();
    return TestProcesses.leftRunning().stream().filter(p -> p.contains(marker)).toList();
  }

  /**
   * Stops every node of the sandbox with {@code jray stop --force}, then fails if a process of it is still
   * running. Whatever is left is killed by pid (its command line names this sandbox, so the test started it)
   * before the failure is reported, so one broken test never leaves daemons behind for the next. A sandbox
   * whose test passed is deleted.
   */
  @Override
  public void close() {
    spawned.forEach(p -> {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    });
    AssertionError failure = null;
    for (Path nodeDir : nodeDirs) {
      try {
        run("stop", "--temp-dir=" + nodeDir, "--force").expectExit(ExitCodes.OK);
      } catch (AssertionError e) {
        failure = failure == null ? e : failure;
      }
    }
    try {
      Await.until("no process of " + dir + " is left", STOPPED_DEADLINE, () -> leftRunning().isEmpty());
    } catch (AssertionError e) {
      List<String> left = leftRunning();
      left.forEach(p -> ProcessHandle.of(Long.parseLong(p.substring(0, p.indexOf(' '))))
          .ifPresent(ProcessHandle::destroyForcibly));
      failure = new AssertionError("processes left running after the test: " + left, e);
    }
    if (failure != null) {
      throw failure; // the sandbox stays, with the nodes' logs, for whoever looks into the failure
    }
    deleteTree(dir);
  }

  private static void deleteTree(Path root) {
    try (var paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // only tidiness: the test root is under the system temp dir anyway
    }
  }
}
