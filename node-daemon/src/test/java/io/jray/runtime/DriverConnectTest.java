package io.jray.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.runtime.cluster.ClusterAddress;
import io.jray.runtime.rpc.AuthToken;
import io.jray.testing.ClusterHarness;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** {@code Ray.init()} in a driver process finds the cluster of its temp dir's address file, as a user's would. */
@Order(4)
class DriverConnectTest {
  private record Run(int exit, String output) {}

  @Test
  void initFindsTheClusterThroughTheAddressFileAndAWrongTokenIsAnErrorNotALocalCluster() throws Exception {
    try (ClusterHarness cluster = ClusterHarness.withHead(1)) {
      Path tempDir = cluster.nodes().get(0).layout().tempDir();
      assertTrue(Files.exists(ClusterAddress.file(tempDir)), "the head wrote its address file");

      Run good = runDriver(tempDir, Map.of());
      assertEquals(0, good.exit(), good.output());
      assertTrue(good.output().contains("square: 49"), good.output());

      Run wrong = runDriver(tempDir, Map.of(AuthToken.ENV_TOKEN, "not-the-cluster-token"));
      assertNotEquals(0, wrong.exit(), wrong.output());
      assertTrue(wrong.output().contains("rejected this process's cluster token"), wrong.output());
      try (var entries = Files.list(tempDir)) {
        assertTrue(entries.noneMatch(p -> p.getFileName().toString().startsWith("driver-")),
            "no local cluster was started instead");
      }
    }
  }

  private static Run runDriver(Path tempDir, Map<String, String> env) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), InitDriver.class.getName()).redirectErrorStream(true);
    builder.environment().remove(ClusterAddress.ENV_ADDRESS);
    builder.environment().put(ClusterAddress.ENV_TMPDIR, tempDir.toString());
    builder.environment().putAll(env);
    Process driver = builder.start();
    String output = new String(driver.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(driver.waitFor(120, TimeUnit.SECONDS), "the driver ended");
    return new Run(driver.exitValue(), output);
  }
}
