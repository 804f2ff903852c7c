package io.jray.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jray.testing.Await;
import io.jray.testing.TestProcesses;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The tarball as a user gets it: unpacked into a folder whose path has a space, its {@code bin/jray} starts a
 * head, reports it and stops it, run from another folder (and once through a link), with its own token, temp
 * dir and home. Whatever it started is stopped, and the folder removed, even when a step fails.
 */
class DistributionIT {
  private static final Duration RUN_DEADLINE = Duration.ofMinutes(3);

  record Result(int exitCode, String out) {}

  @Test
  void unpackedTarballStartsReportsAndStopsANodeFromAnotherFolder() throws IOException {
    Path tarball = Path.of(System.getProperty("jray.tarball"));
    assertTrue(Files.isRegularFile(tarball), "package made " + tarball);
    Path root = Files.createTempDirectory(TestProcesses.root(), "unpacked jray ");
    Path work = Files.createDirectories(root.resolve("some other folder"));
    Path temp = root.resolve("node tmp");
    Map<String, String> env = Map.of(
        "JRAY_AUTH_TOKEN_FILE", root.resolve("home/.jray/test token").toString(),
        "JRAY_DASHBOARD_PORT", "0", "JRAY_TMPDIR", root.resolve("default tmp").toString(),
        "HOME", root.resolve("home").toString());
    boolean started = false;
    Path jray = null;
    try {
      Result untar = run(root, Map.of(), "tar", "-xzf", tarball.toString(), "-C", root.toString());
      assertEquals(0, untar.exitCode(), untar.out());
      Path home;
      try (Stream<Path> unpacked = Files.list(root)) {
        home = unpacked.filter(p -> p.getFileName().toString().startsWith("jray-")).findFirst()
            .orElseThrow(() -> new AssertionError("the tarball has one jray-<version> folder"));
      }
      jray = home.resolve("bin/jray");
      assertTrue(Files.isExecutable(jray), "bin/jray is executable");
      List<String> parts = new ArrayList<>(List.of("lib", "completions/jray.bash", "completions/_jray", "examples"));
      if (Files.isDirectory(Path.of("..", "cluster-configs"))) { // the tests run in dist/
        parts.add("cluster-configs");
      }
      for (String part : parts) {
        assertTrue(Files.exists(home.resolve(part)), "the tarball has " + part);
      }

      int port = freePort();
      started = true;
      Result start = run(work, env, jray.toString(), "start", "--head", "--port=" + port, "--temp-dir=" + temp,
          "--node-ip-address=127.0.0.1", "--num-cpus=1", "--object-store-memory=128MiB");
      assertEquals(0, start.exitCode(), start.out());
      assertTrue(start.out().contains("jray start --address='127.0.0.1:" + port + "'"), start.out());

      Path link = Files.createSymbolicLink(work.resolve("jray"), jray);
      Result status = run(work, env, link.toString(), "status", "--temp-dir=" + temp);
      assertEquals(0, status.exitCode(), status.out());
      assertTrue(status.out().contains("Active:") && status.out().contains("127.0.0.1, head"), status.out());

      // A driver's first worker records the classes workers load; the raylet makes of them the class-data
      // archive every later worker maps (in the user's private ~/.jray/cds).
      String classpath = expectOk(run(work, env, jray.toString(), "classpath")).out().strip();
      // A driver gets jray's API, runtime and daemons, not the CLI's own libraries.
      assertTrue(classpath.contains("/lib/jray-api-") && classpath.contains("/lib/jray-runtime-"), classpath);
      for (String cliOnly : List.of("/lib/jray-cli-", "/lib/picocli", "/lib/jline-", "/lib/jsch-", "/lib/snakeyaml-")) {
        assertFalse(classpath.contains(cliOnly), cliOnly + " is the CLI's: " + classpath);
      }
      Result pi = expectOk(run(work, Map.of("JRAY_AUTH_TOKEN_FILE", env.get("JRAY_AUTH_TOKEN_FILE"),
          "JRAY_ADDRESS", "127.0.0.1:" + port, "HOME", env.get("HOME")),
          Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath,
          "io.jray.examples.MonteCarloPi", "2", "10000"));
      assertTrue(pi.out().contains("3.1"), pi.out());
      Path archives = root.resolve("home/.jray/cds");
      Await.until("the workers' class-data archive is made in " + archives, Duration.ofSeconds(150), () -> {
        try (Stream<Path> files = Files.exists(archives) ? Files.list(archives) : Stream.empty()) {
          return files.anyMatch(f -> f.getFileName().toString().matches("worker-[0-9a-f]+\\.jsa"));
        } catch (IOException e) {
          return false;
        }
      });
      // A submitted job's driver runs on the head with the same driver classpath (and the archive, once made).
      Path examples;
      try (Stream<Path> lib = Files.list(home.resolve("lib"))) {
        examples = lib.filter(f -> f.getFileName().toString().startsWith("jray-examples-")).findFirst().orElseThrow();
      }
      Result submitted = expectOk(run(work, env, jray.toString(), "submit", "--address=127.0.0.1:" + port,
          "--temp-dir=" + temp, "--main-class=io.jray.examples.MonteCarloPi", examples.toString(), "--", "2", "1000"));
      assertTrue(submitted.out().contains("3."), submitted.out());
      // From the same class list, the drivers' archive for the classpath 'jray classpath' prints.
      Await.until("the drivers' class-data archive is made in " + archives, Duration.ofSeconds(150), () -> {
        try (Stream<Path> files = Files.list(archives)) {
          return files.anyMatch(f -> f.getFileName().toString().matches("driver-[0-9a-f]+\\.jsa"));
        } catch (IOException e) {
          return false;
        }
      });

      Result stop = run(work, env, jray.toString(), "stop", "--temp-dir=" + temp);
      assertEquals(0, stop.exitCode(), stop.out());
      assertTrue(stop.out().contains("Stopped 4 jray processes"), stop.out());
      started = false;
    } finally {
      cleanUp(root, jray, env, work, temp, started);
    }
  }

  /**
   * On the newest LTS (Java 25): every command, the daemons, the workers and a driver started with the flags
   * {@code jray classpath --jvm-flags} prints run without the JVM's warnings about restricted native access and
   * sun.misc.Unsafe. The JDK comes from JRAY_TEST_JDK25 or the machine's JVM folder; in CI its absence fails.
   */
  @Test
  void onJava25TheCommandsTheNodeAndADriverPrintNoJvmWarnings() throws IOException {
    Path jdk = jdk25();
    Path root = Files.createTempDirectory(TestProcesses.root(), "jray on 25 ");
    Path temp = root.resolve("node tmp");
    Map<String, String> env = Map.of(
        "JAVA_HOME", jdk.toString(),
        "JRAY_AUTH_TOKEN_FILE", root.resolve("home/.jray/token").toString(),
        "JRAY_DASHBOARD_PORT", "0", "JRAY_TMPDIR", temp.toString(),
        "HOME", root.resolve("home").toString());
    Path jray = null;
    boolean started = false;
    try {
      assertEquals(0, run(root, Map.of(), "tar", "-xzf", Path.of(System.getProperty("jray.tarball")).toString(), "-C",
          root.toString()).exitCode());
      try (Stream<Path> unpacked = Files.list(root)) {
        jray = unpacked.filter(p -> p.getFileName().toString().startsWith("jray-")).findFirst().orElseThrow()
            .resolve("bin/jray");
      }
      List<Result> results = new ArrayList<>();
      started = true;
      results.add(expectOk(run(root, env, jray.toString(), "start", "--head", "--port=" + freePort(),
          "--node-ip-address=127.0.0.1", "--num-cpus=1", "--object-store-memory=128MiB")));
      String flags = expectOk(run(root, env, jray.toString(), "classpath", "--jvm-flags")).out().strip();
      assertTrue(flags.contains("--enable-native-access=ALL-UNNAMED") && flags.contains("--sun-misc-unsafe-memory-access=allow"),
          flags);
      String classpath = expectOk(run(root, env, jray.toString(), "classpath")).out().strip();
      List<String> driver = new ArrayList<>(List.of(jdk.resolve("bin/java").toString()));
      driver.addAll(List.of(flags.split(" ")));
      driver.addAll(List.of("-cp", classpath, "io.jray.examples.MonteCarloPi", "2", "10000"));
      Result pi = expectOk(run(root, env, driver.toArray(String[]::new)));
      assertTrue(pi.out().contains("3.1"), pi.out());
      results.add(pi);
      results.add(expectOk(run(root, env, jray.toString(), "status")));
      results.add(expectOk(run(root, env, jray.toString(), "stop")));
      started = false;
      List<String> logs = new ArrayList<>();
      try (Stream<Path> files = Files.walk(temp)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".err") || f.toString().endsWith(".out")).toList()) {
          logs.add(file + ":\n" + Files.readString(file, StandardCharsets.UTF_8));
        }
      }
      assertTrue(logs.stream().anyMatch(l -> l.contains("worker-")), "a worker ran and left its log: " + logs.size());
      for (String text : concat(results.stream().map(Result::out).toList(), logs)) {
        assertTrue(!text.contains("restricted method") && !text.contains("sun.misc.Unsafe")
            && !text.contains("--enable-native-access"), "no JVM warning:\n" + text);
      }
    } finally {
      cleanUp(root, jray, env, root, temp, started);
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static Result expectOk(Result r) {
    assertEquals(0, r.exitCode(), r.out());
    return r;
  }

  /** JRAY_TEST_JDK25, else a Java 25 under /usr/lib/jvm (its release file says so). */
  private static Path jdk25() throws IOException {
    String named = System.getenv("JRAY_TEST_JDK25");
    if (named != null && !named.isBlank()) {
      return Path.of(named);
    }
    Path jvms = Path.of("/usr/lib/jvm");
    if (Files.isDirectory(jvms)) {
      try (Stream<Path> all = Files.list(jvms)) {
        for (Path candidate : all.sorted().toList()) {
          Path release = candidate.resolve("release");
          if (Files.isRegularFile(release) && Files.readString(release).contains("JAVA_VERSION=\"25")) {
            return candidate;
          }
        }
      }
    }
    return fail("No Java 25 was found under /usr/lib/jvm; install one (Temurin 25) or name it with JRAY_TEST_JDK25.");
  }

  /** Stops what may still run (by the node files, then by pid), then removes the folder. */
  private static void cleanUp(Path root, Path jray, Map<String, String> env, Path work, Path temp, boolean started) {
    if (started && jray != null) {
      run(work, env, jray.toString(), "stop", "--temp-dir=" + temp, "--force");
    }
    String marker = root.toString();
    try {
      Await.until("nothing of " + root + " runs", Duration.ofSeconds(60),
          () -> TestProcesses.leftRunning().stream().noneMatch(p -> p.contains(marker)));
    } catch (AssertionError left) {
      TestProcesses.leftRunning().stream().filter(p -> p.contains(marker))
          .forEach(p -> ProcessHandle.of(Long.parseLong(p.substring(0, p.indexOf(' '))))
              .ifPresent(ProcessHandle::destroyForcibly));
      throw left;
    }
    try (Stream<Path> all = Files.walk(root)) {
      all.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException | UncheckedIOException e) {
      // only tidiness: the test root is under the system temp dir
    }
  }

  /** Runs a command in {@code dir} with nothing of the caller's JRAY_* settings, stdout and stderr together. */
  /** Unpacks the tarball into {@code dir}; returns its {@code bin/jray}. */
  static Path unpack(Path dir) throws IOException {
    Path tarball = Path.of(System.getProperty("jray.tarball"));
    assertTrue(Files.isRegularFile(tarball), "package made " + tarball);
    Files.createDirectories(dir);
    Result untar = run(dir, Map.of(), "tar", "-xzf", tarball.toString(), "-C", dir.toString());
    assertEquals(0, untar.exitCode(), untar.out());
    try (Stream<Path> unpacked = Files.list(dir)) {
      Path home = unpacked.filter(p -> p.getFileName().toString().startsWith("jray-")).findFirst()
          .orElseThrow(() -> new AssertionError("the tarball has one jray-<version> folder"));
      return home.resolve("bin/jray");
    }
  }

  static Result run(Path dir, Map<String, String> env, String... command) {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().keySet().removeIf(k -> k.startsWith("JRAY_") || k.equals("JAVA_TOOL_OPTIONS"));
    builder.environment().putAll(env);
    try {
      Path output = Files.createTempFile(TestProcesses.root(), "run-", ".out");
      builder.redirectOutput(output.toFile());
      Process process = builder.start();
      if (!process.waitFor(RUN_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        fail(String.join(" ", command) + " did not finish within " + RUN_DEADLINE.toMinutes() + " min");
      }
      return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + String.join(" ", command));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
