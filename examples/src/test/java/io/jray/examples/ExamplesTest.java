package io.jray.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.api.Ray;
import io.jray.testing.Await;
import io.jray.testing.ClusterHarness;
import io.jray.testing.TestProcesses;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** The examples against a real 2-node cluster. */
@Order(1)
class ExamplesTest {

  @Test
  void monteCarloPiEstimatesPi() throws Exception {
    try (ClusterHarness cluster = ClusterHarness.withHead(1)) {
      cluster.addNode(spec -> spec.withNumCpus(1.0));
      Ray.init(cluster.gcsAddress().toString());
      try {
        double pi = MonteCarloPi.estimate(8, 200_000);
        assertEquals(Math.PI, pi, 0.02);
      } finally {
        Ray.shutdown();
      }
    }
  }

  @Test
  void withNoClusterAnywhereTheDriverStartsOneAndLeavesNothingBehind() throws Exception {
    Path tmp = Files.createTempDirectory(TestProcesses.root(), "no-cluster-");
    ProcessBuilder driver = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), MonteCarloPi.class.getName(), "4", "100000")
        .redirectErrorStream(true);
    driver.environment().put("JRAY_TMPDIR", tmp.toString());
    driver.environment().remove("JRAY_ADDRESS");
    Process process = driver.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the driver finishes");
    assertEquals(0, process.exitValue(), output);
    assertTrue(output.contains("Pi is approximately 3.1"), output);
    Await.until("the driver's local cluster is gone", Duration.ofSeconds(30),
        () -> TestProcesses.leftRunning().stream().noneMatch(p -> p.contains(tmp.toString())));
  }

  @Test
  void aDriverKilledWithMinus9TakesItsLocalClusterWithIt() throws Exception {
    Path tmp = Files.createTempDirectory(TestProcesses.root(), "killed-driver-");
    ProcessBuilder driver = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), MonteCarloPi.class.getName(), "100000", "100000000")
        .redirectErrorStream(true).redirectOutput(tmp.resolve("driver.log").toFile());
    driver.environment().put("JRAY_TMPDIR", tmp.toString());
    driver.environment().remove("JRAY_ADDRESS");
    Process process = driver.start();
    try {
      Await.until("the driver's cluster is up", Duration.ofSeconds(60), () -> TestProcesses.leftRunning().stream()
          .anyMatch(p -> p.contains(tmp.toString()) && p.contains("io.jray.runtime.WorkerMain")));
    } finally {
      process.destroyForcibly().waitFor();
    }
    Await.until("the reaper ended the driver's cluster", Duration.ofSeconds(30),
        () -> TestProcesses.leftRunning().stream().noneMatch(p -> p.contains(tmp.toString())));
  }

  @Test
  void actorCounterCountsEveryIncrementInOrder() throws Exception {
    try (ClusterHarness cluster = ClusterHarness.withHead(1)) {
      Ray.init(cluster.gcsAddress().toString());
      try {
        assertEquals(500, ActorCounter.run(500));
      } finally {
        Ray.shutdown();
      }
    }
  }

}
