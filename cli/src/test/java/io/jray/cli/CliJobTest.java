package io.jray.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jray.testing.Await;
import io.jray.testing.ClusterHarness;
import io.jray.testing.TestProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** {@code jray submit} and {@code jray job ...} against a real 2-node cluster, with jars built by the test. */
@Order(6)
class CliJobTest {
  private static final String SOURCES = """
      package jobs;
      import io.jray.api.ObjectRef;
      import io.jray.api.Ray;
      import java.util.*;
      public class Pi {
        public static double[] sample(long n, long seed) throws Exception {
          Random r = new Random(seed);
          long in = 0;
          for (long i = 0; i < n; i++) { double x = r.nextDouble(), y = r.nextDouble(); if (x * x + y * y <= 1) in++; }
          Thread.sleep(300);
          System.out.println("sampled " + n + " points");
          return new double[] {in, Ray.getRuntimeContext().getCurrentNodeId().hashCode()};
        }
        public static void main(String[] args) {
          Ray.init();
          List<ObjectRef<double[]>> refs = new ArrayList<>();
          for (int t = 0; t < 12; t++) refs.add(Ray.task(Pi::sample, 100000L, (long) t).remote());
          double in = 0; Set<Double> nodes = new HashSet<>();
          for (double[] r : Ray.get(refs)) { in += r[0]; nodes.add(r[1]); }
          System.out.println("Pi is approximately " + 4 * in / (12 * 100000.0));
          System.out.println("nodes used: " + nodes.size());
          Ray.shutdown();
        }
      }
      """;

  private static final long PACKAGE_MAX_BYTES = 4L << 20;

  private static CliRun cli;
  private static String address;
  private static Path jobsDir;
  private static Path piJar;

  @BeforeAll
  static void startCluster() throws IOException {
    cli = CliRun.sandbox();
    int port = ClusterHarness.freePort();
    address = "127.0.0.1:" + port;
    // The head takes packages up to 4 MiB: the test's jobs fit, the oversized one does not.
    cli.run(java.util.Map.of("JRAY_PACKAGE_MAX_BYTES", String.valueOf(PACKAGE_MAX_BYTES)), "start", "--head",
        "--port=" + port, "--temp-dir=" + cli.nodeDir("head"), "--node-ip-address=127.0.0.1", "--num-cpus=1")
        .expectExit(0);
    cli.run("start", "--address=" + address, "--temp-dir=" + cli.nodeDir("node"), "--num-cpus=1").expectExit(0);
    jobsDir = Files.createTempDirectory(TestProcesses.root(), "jobs-");
    piJar = jar("pi.jar", "jobs.Pi", SOURCES);
  }

  @AfterAll
  static void stopCluster() {
    if (cli != null) {
      cli.close();
    }
  }

  @Test
  void aSubmittedJobRunsOnBothNodesAndSucceeds() {
    CliRun.Result run = cli.run("submit", "--address=" + address, piJar.toString()).expectExit(0);
    assertTrue(run.out().contains("Pi is approximately 3.1"), run.out());
    assertTrue(run.out().contains("nodes used: 2"), run.out());
    // what the tasks printed is in the job's log, with Ray's prefix (log_to_driver)
    assertTrue(run.out().contains("(Pi.sample pid="), run.out());
    assertTrue(run.out().contains(") sampled 100000 points"), run.out());
    assertTrue(run.out().contains("succeeded"), run.out());
    JsonArray jobs = JsonParser.parseString(cli.run("job", "list", "--address=" + address, "--format=json")
        .expectExit(0).out()).getAsJsonArray();
    assertTrue(jobs.asList().stream().anyMatch(j -> j.getAsJsonObject().get("status").getAsString().equals("SUCCEEDED")
        && j.getAsJsonObject().get("entrypoint").getAsString().contains("jobs.Pi")), jobs.toString());
    String submissionId = jobs.asList().stream().map(JsonElement::getAsJsonObject)
        .filter(j -> j.get("entrypoint").getAsString().contains("jobs.Pi")).findFirst().orElseThrow()
        .get("submission_id").getAsString();
    JsonArray listed = JsonParser.parseString(cli.run("list", "jobs", "--address=" + address, "--format=json")
        .expectExit(0).out()).getAsJsonArray();
    List<JsonObject> rows = listed.asList().stream().map(JsonElement::getAsJsonObject)
        .filter(j -> !j.get("submission_id").isJsonNull() && j.get("submission_id").getAsString().equals(submissionId))
        .toList();
    assertEquals(1, rows.size(), "one row for the submission and its driver's job: " + listed);
    assertFalse(rows.get(0).get("job_id").isJsonNull(), "the row carries the driver's job id: " + listed);
    assertEquals("SUCCEEDED", rows.get(0).get("status").getAsString());
    CliRun.Result cut = cli.run("list", "tasks", "--address=" + address, "--limit=1").expectExit(0);
    assertTrue(cut.err().contains("Showing 1 of "), "a cut listing says so on stderr: " + cut);
  }

  @Test
  void aJobThatThrowsFailsWithExitOne() throws IOException {
    Path jar = jar("fails.jar", "jobs.Fails", """
        package jobs;
        public class Fails {
          public static void main(String[] args) {
            io.jray.api.Ray.init();
            throw new IllegalStateException("job failed on purpose");
          }
        }
        """);
    CliRun.Result run = cli.run("submit", "--address=" + address, jar.toString());
    run.expectExit(1);
    assertTrue(run.out().contains("job failed on purpose"), run.out());
    assertTrue(run.out().contains("failed"), run.out());
  }

  @Test
  void stoppingALongJobEndsItAndItsWorkers() throws IOException {
    Path jar = jar("sleeper.jar", "jobs.Sleeper", """
        package jobs;
        import io.jray.api.Ray;
        public class Sleeper {
          public static long nap(long ms) throws Exception { Thread.sleep(ms); return ms; }
          public static void main(String[] args) throws Exception {
            Ray.init();
            Ray.task(Sleeper::nap, 600000L).remote();
            System.out.println("started");
            Thread.sleep(600000);
          }
        }
        """);
    cli.run("submit", "--address=" + address, "--no-wait", "--job-id=sleepy", jar.toString()).expectExit(0);
    Await.until("the job printed 'started'", Duration.ofSeconds(90),
        () -> cli.run("job", "logs", "sleepy", "--address=" + address).out().contains("started"));
    Await.until("the job's task runs in a worker", Duration.ofSeconds(60), () -> workersOf(jar));
    cli.run("job", "stop", "sleepy", "--address=" + address).expectExit(0);
    Await.until("the job is STOPPED", Duration.ofSeconds(60), () -> cli.run("job", "status", "sleepy",
        "--address=" + address, "--format=json").out().contains("\"STOPPED\""));
    Await.until("the job's workers are gone", Duration.ofSeconds(60), () -> !workersOf(jar));
  }

  @Test
  void twoJobsCarryingDifferentVersionsOfOneClassDoNotInterfere() throws Exception {
    String template = """
        package jobs;
        import io.jray.api.Ray;
        public class Versioned {
          public static String version() { return "VERSION"; }
          public static void main(String[] args) throws Exception {
            Ray.init();
            for (int i = 0; i < 5; i++) {
              System.out.println("got " + Ray.task(Versioned::version).remote().get());
              Thread.sleep(200);
            }
            Ray.shutdown();
          }
        }
        """;
    Path v1 = jar("v1.jar", "jobs.Versioned", template.replace("VERSION", "v1"));
    Path v2 = jar("v2.jar", "jobs.Versioned", template.replace("VERSION", "v2"));
    cli.run("submit", "--address=" + address, "--no-wait", "--job-id=version-1", v1.toString()).expectExit(0);
    cli.run("submit", "--address=" + address, "--no-wait", "--job-id=version-2", v2.toString()).expectExit(0);
    // --follow returns when the job ends, with its whole output.
    String out1 = cli.run("job", "logs", "version-1", "--follow", "--address=" + address).expectExit(0).out();
    String out2 = cli.run("job", "logs", "version-2", "--follow", "--address=" + address).expectExit(0).out();
    assertEquals(5, out1.split("got v1", -1).length - 1, out1);
    assertEquals(5, out2.split("got v2", -1).length - 1, out2);
    assertTrue(!out1.contains("got v2") && !out2.contains("got v1"));
    assertTrue(cli.run("job", "status", "version-1", "--address=" + address).expectExit(0).out().contains("SUCCEEDED"));
  }

  @Test
  void badInputGetsOneSentenceAndTheDocumentedExitCode() throws IOException {
    assertTrue(cli.run("submit", "--address=" + address, jobsDir.resolve("missing.jar").toString())
        .expectExit(2).err().contains("does not exist"));
    Path text = Files.writeString(jobsDir.resolve("not-a.jar"), "hello");
    assertTrue(cli.run("submit", "--address=" + address, text.toString()).expectExit(2).err().contains("is not a jar"));
    Path noMain = jar("nomain.jar", null, "package jobs; public class NoMain {}");
    assertTrue(cli.run("submit", "--address=" + address, noMain.toString()).expectExit(2).err().contains("--main-class"));
    assertTrue(cli.run("job", "status", "no-such-job", "--address=" + address).expectExit(1).err()
        .contains("No job with id 'no-such-job'"));
    assertTrue(cli.run("submit", "--address=127.0.0.1:" + ClusterHarness.freePort(), piJar.toString())
        .expectExit(1).err().contains("No jray cluster is running"));
  }

  @Test
  void aJarAboveTheHeadsPackageCapGetsOneSentenceAndTheGcsKeepsServing() throws IOException {
    Path huge = TestJars.jar(jobsDir, "huge.jar", "jobs.Huge", "package jobs; public class Huge {"
        + " public static void main(String[] a) {} }",
        List.of(new TestJars.Entry("jobs/payload.bin", TestJars.randomBytes(6L << 20, 9))));
    CliRun.Result refused = cli.run("submit", "--address=" + address, huge.toString()).expectExit(1);
    assertTrue(refused.err().contains("The package huge.jar is larger than the GCS takes (jray.package_max_bytes = "
        + PACKAGE_MAX_BYTES + " bytes); ship a smaller jar or raise that setting on the head."), refused.toString());
    assertEquals(1, refused.err().strip().lines().count(), refused.err());
    cli.run("job", "list", "--address=" + address).expectExit(0);
  }

  /** Whether a worker JVM of the job runs: its jar reaches workers through the node's package cache. */
  private static boolean workersOf(Path jar) {
    String cached;
    try {
      cached = "package_cache/" + io.jray.runtime.packaging.ClasspathEntry.sha256(jar) + ".jar";
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    // A worker started for the job names the jar in its arguments; a warm one bound to the job opened it later (its
    // job class loader holds the jar open).
    return TestProcesses.leftRunning().stream().filter(p -> p.contains("io.jray.runtime.WorkerMain"))
        .anyMatch(p -> p.contains(cached) || holdsOpen(p.substring(0, p.indexOf(' ')), cached));
  }

  /** Whether the process (by pid) has a file open whose path contains {@code name}. */
  private static boolean holdsOpen(String pid, String name) {
    try (java.util.stream.Stream<Path> fds = java.nio.file.Files.list(Path.of("/proc", pid, "fd"))) {
      return fds.anyMatch(fd -> {
        try {
          return java.nio.file.Files.readSymbolicLink(fd).toString().contains(name);
        } catch (IOException gone) {
          return false;
        }
      });
    } catch (IOException | RuntimeException gone) {
      return false;
    }
  }

  private static Path jar(String name, String mainClass, String source) throws IOException {
    return TestJars.jar(jobsDir, name, mainClass, source);
  }
}
