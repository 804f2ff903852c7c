package io.jray.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

  private record Result(int exitCode, String out) {}

  @Test
  void unpackedTarballStartsReportsAndStopsANodeFromAnotherFolder() throws IOException {
    Path tarball = Path.of(System.getProperty("jray.tarball"));
    assertTrue(Files.isRegularFile(tarball), "package made " + tarball);
    Path root = Files.createTempDirectory(TestProcesses.root(), "unpacked jray ");
    Path work = Files.createDirectories(root.resolve("some other folder"));
    Path temp = root.resolve("node tmp");
    Map<String, String> env = Map.of(
        "JRAY_AUTH_TOKEN_FILE", root.resolve("home/.jray/test token").toString(),
        "JRAY_TMPDIR", root.resolve("default tmp").toString(),
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

      Result stop = run(work, env, jray.toString(), "stop", "--temp-dir=" + temp);
      assertEquals(0, stop.exitCode(), stop.out());
      assertTrue(stop.out().contains("Stopped 4 jray processes"), stop.out());
      started = false;
    } finally {
      cleanUp(root, jray, env, work, temp, started);
    }
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
  private static Result run(Path dir, Map<String, String> env, String... command) {
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
