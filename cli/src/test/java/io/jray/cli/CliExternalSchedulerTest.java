package io.jray.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.testing.Await;
import io.jray.testing.ClusterHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * {@code jray external-scheduler} and {@code jray start --head --external-scheduler} as a user runs them: the
 * reference service as a real process, a head that hands it its placements, and what status and list show.
 */
@Order(4)
class CliExternalSchedulerTest {

  @Test
  void aHeadConnectsToTheReferenceServiceAndStatusAndListSayWhoDecides() throws Exception {
    try (CliRun cli = CliRun.sandbox()) {
      int port = ClusterHarness.freePort();
      Path log = cli.nodeDir("scheduler").resolve("scheduler.log");
      Files.createDirectories(log.getParent());
      Process service = cli.spawn(log, "external-scheduler", "--port=" + port, "--policy=pack");
      Await.until("the reference scheduler listening", Duration.ofSeconds(60),
          () -> Files.exists(log) && read(log).contains("listening on 127.0.0.1:" + port));
      int gcsPort = ClusterHarness.freePort();
      cli.run("start", "--head", "--port=" + gcsPort, "--temp-dir=" + cli.nodeDir("head"),
          "--node-ip-address=127.0.0.1", "--num-cpus=1", "--object-store-memory=128MiB",
          "--external-scheduler=127.0.0.1:" + port).expectExit(ExitCodes.OK);
      String address = "--address=127.0.0.1:" + gcsPort;
      Await.until("status saying the external scheduler decides", Duration.ofSeconds(60), () -> cli.run("status",
          address).out().contains("Scheduler: external at 127.0.0.1:" + port + " (connected)"));
      CliRun.Result json = cli.run("status", address, "--format=json").expectExit(ExitCodes.OK);
      assertTrue(json.out().contains("\"scheduler\": \"external at 127.0.0.1:" + port + " (connected)\""), json::toString);
      CliRun.Result nodes = cli.run("list", "nodes", address, "--format=json").expectExit(ExitCodes.OK);
      assertTrue(nodes.out().contains("\"node_index\": 1"), nodes::toString);
      assertTrue(read(log).contains("client connected"), () -> read(log));
      service.destroyForcibly().waitFor();
      Await.until("status saying the built-in policy decides", Duration.ofSeconds(60), () -> cli.run("status",
          address).out().contains("not connected"));
    }
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (java.io.IOException e) {
      return "";
    }
  }
}
