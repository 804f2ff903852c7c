package io.jray.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.runtime.packaging.ClasspathEntry;
import io.jray.testing.ClusterHarness;
import io.jray.testing.TestProcesses;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * A 150 MiB jar reaches the workers both ways code travels: {@code jray submit}, and a driver that has it on its
 * classpath. The node's daemons (the GCS among them) and the CLI run with heaps smaller than the jar and exit on
 * OutOfMemoryError, so passing means every hop streamed it.
 */
@Order(7)
class CliLargeJarTest {
  private static final long PAYLOAD_BYTES = 150L << 20;
  private static final String DAEMON_HEAP = "128m";
  private static final String SOURCE = """
      package big;
      import io.jray.api.Ray;
      import java.io.InputStream;
      public class Big {
        /** Reads the jar's payload where the task runs: its size, and where the class came from. */
        public static String readPayload() throws Exception {
          long n = 0;
          try (InputStream in = Big.class.getResourceAsStream("/big/payload.bin")) {
            byte[] buffer = new byte[1 << 16];
            for (int r; (r = in.read(buffer)) > 0; ) n += r;
          }
          return n + " bytes, class from " + Big.class.getProtectionDomain().getCodeSource().getLocation();
        }
        public static void main(String[] args) throws Exception {
          Ray.init();
          System.out.println("worker read " + Ray.task(Big::readPayload).remote().get());
          Ray.shutdown();
        }
      }
      """;

  private static CliRun cli;
  private static String address;
  private static Path headDir;
  private static Path jarsDir;
  private static Path submitJar;
  private static Path driverJar;

  @BeforeAll
  static void startClusterAndWriteJars() throws IOException {
    cli = CliRun.sandbox();
    int port = ClusterHarness.freePort();
    address = "127.0.0.1:" + port;
    headDir = cli.nodeDir("head");
    cli.run(Map.of("JRAY_DAEMON_MAX_HEAP", DAEMON_HEAP,
            "JRAY_DAEMON_JVM_OPTIONS", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError"),
        "start", "--head", "--port=" + port, "--temp-dir=" + headDir, "--node-ip-address=127.0.0.1",
        "--num-cpus=1").expectExit(0);
    jarsDir = Files.createTempDirectory(TestProcesses.root(), "large-jars-");
    // Two jars, so each path uploads its own: same payload, a different marker entry.
    submitJar = bigJar("big-submit.jar");
    driverJar = bigJar("big-driver.jar");
  }

  private static Path bigJar(String name) throws IOException {
    return TestJars.jar(jarsDir, name, "big.Big", SOURCE, List.of(
        new TestJars.Entry("big/payload.bin", TestJars.randomBytes(PAYLOAD_BYTES, 42)),
        new TestJars.Entry("big/marker.txt", out -> out.write(name.getBytes()))));
  }

  @AfterAll
  static void stopClusterAndDeleteJars() throws IOException {
    try {
      if (cli != null) {
        cli.close();
      }
    } finally {
      if (jarsDir != null) {
        try (Stream<Path> files = Files.walk(jarsDir)) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  @Test
  void aSubmitted150MegabyteJarIsStreamedToTheHeadsDiskAndRunsOnAWorker() throws IOException {
    CliRun.Result run = cli.run(Map.of("JAVA_TOOL_OPTIONS", "-Xmx64m"), "submit", "--address=" + address,
        submitJar.toString()).expectExit(0);
    assertTrue(run.out().contains("Uploading big-submit.jar: 100%"), run.out());
    assertFalse(run.out().contains("\r"), "no live progress line when stdout is not a terminal");
    assertRanFromTheNodeCache(run, submitJar);
    assertStoredOnTheHead(submitJar);
  }

  @Test
  void aDriverShipsA150MegabyteJarOnItsClasspathAndNothingOfJray() throws IOException {
    CliRun.Result run = cli.runJava(List.of("-Xmx128m", "-XX:+ExitOnOutOfMemoryError", "-Djray.address=" + address,
        "-cp", driverJar + File.pathSeparator + System.getProperty("java.class.path")), "big.Big");
    run.expectExit(0);
    assertRanFromTheNodeCache(run, driverJar);
    assertStoredOnTheHead(driverJar);
    Set<String> ours = Set.of(ClasspathEntry.sha256(submitJar) + ".jar", ClasspathEntry.sha256(driverJar) + ".jar");
    try (Stream<Path> files = Files.list(packagesDir())) {
      List<String> stored = files.map(p -> p.getFileName().toString()).toList();
      assertTrue(ours.containsAll(stored), "only the test's jars travelled, none of jray's: " + stored);
    }
  }

  private static void assertRanFromTheNodeCache(CliRun.Result run, Path jar) throws IOException {
    Path cached = headDir.resolve("package_cache").resolve(ClasspathEntry.sha256(jar) + ".jar");
    assertTrue(run.out().contains("worker read " + PAYLOAD_BYTES + " bytes, class from file:" + cached),
        run.toString());
  }

  /** The package is on the head's disk under its SHA-256, and the GCS lived through it. */
  private static void assertStoredOnTheHead(Path jar) throws IOException {
    String sha = ClasspathEntry.sha256(jar);
    Path stored = packagesDir().resolve(sha + ".jar");
    assertEquals(sha, ClasspathEntry.sha256(stored));
    cli.run("job", "list", "--address=" + address).expectExit(0);
    Path gcsLog = headDir.resolve("session_latest/logs/gcs.err");
    assertFalse(Files.readString(gcsLog).contains("OutOfMemoryError"), Files.readString(gcsLog));
  }

  private static Path packagesDir() {
    return headDir.resolve("session_latest/packages");
  }
}
