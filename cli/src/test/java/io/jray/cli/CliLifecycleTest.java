package io.jray.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jray.runtime.process.ProcessRecord;
import io.jray.testing.Await;
import io.jray.testing.ClusterHarness;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** The node lifecycle through the real {@code jray} command: start, join, status, stop, --block. */
@Order(1)
class CliLifecycleTest {
  private static final Duration NODE_GONE = Duration.ofSeconds(60);

  @Test
  void headAndJoinedNodeShowInStatusAndStopLeavesNothingBehind() throws Exception {
    try (CliRun cli = CliRun.sandbox()) {
      int port = ClusterHarness.freePort();
      String address = "127.0.0.1:" + port;
      Path head = cli.nodeDir("head");
      Path worker = cli.nodeDir("worker");

      CliRun.Result started = cli.run("start", "--head", "--port=" + port, "--temp-dir=" + head,
          "--node-ip-address=127.0.0.1", "--num-cpus=2", "--object-store-memory=128MiB").expectExit(0);
      assertTrue(started.out().contains("jray start --address='" + address + "'"), started::toString);

      cli.run("start", "--address=" + address, "--temp-dir=" + worker, "--num-cpus=3",
          "--object-store-memory=128MiB").expectExit(0);

      CliRun.Result table = cli.run("status", "--address=" + address).expectExit(0);
      assertEquals(2, table.out().lines().filter(l -> l.startsWith(" 1 node_")).count(), table::toString);
      assertTrue(table.out().contains("\n 0.0/5.0 CPU\n"), table::toString);
      assertTrue(table.out().contains("(no failures)"), table::toString);

      CliRun.Result json = cli.run("status", "--address=" + address, "--format=json").expectExit(0);
      JsonObject status = JsonParser.parseString(json.out()).getAsJsonObject();
      List<JsonObject> nodes = StreamSupport.stream(status.getAsJsonArray("nodes").spliterator(), false)
          .map(JsonElement::getAsJsonObject).toList();
      assertEquals(2, nodes.size(), json::toString);
      assertTrue(nodes.stream().allMatch(n -> n.get("state").getAsString().equals("ALIVE")), json::toString);
      assertEquals(1, nodes.stream().filter(n -> n.get("is_head").getAsBoolean()).count(), json::toString);
      assertEquals(5.0, status.getAsJsonObject("usage").getAsJsonObject("CPU").get("total").getAsDouble());

      List<ProcessRecord> workerProcesses = processes(worker);
      List<ProcessRecord> headProcesses = processes(head);
      CliRun.Result stopWorker = cli.run("stop", "--temp-dir=" + worker).expectExit(0);
      assertEquals("Stopped 3 jray processes.", stopWorker.out().strip(), stopWorker::toString);
      assertTrue(workerProcesses.stream().noneMatch(ProcessRecord::isAlive), "the worker node's processes are gone");

      CliRun.Result stopHead = cli.run("stop", "--temp-dir=" + head).expectExit(0);
      assertEquals("Stopped 4 jray processes.", stopHead.out().strip(), stopHead::toString);
      assertTrue(headProcesses.stream().noneMatch(ProcessRecord::isAlive), "the head's processes are gone");
      assertEquals(List.of(), cli.leftRunning());

      CliRun.Result again = cli.run("stop", "--temp-dir=" + head).expectExit(0);
      assertTrue(again.out().startsWith("Did not find any active jray processes"), again::toString);
    }
  }

  @Test
  void killingABlockingStartWithSigkillMakesTheReaperEndTheNode() throws Exception {
    try (CliRun cli = CliRun.sandbox()) {
      Path head = cli.nodeDir("head");
      Path log = head.resolve("block.log");
      Process block = startBlocking(cli, head, log);
      List<ProcessRecord> daemons = processes(head);
      assertEquals(4, daemons.size());

      block.destroyForcibly().waitFor();
      Await.until("the reaper has ended every process of the node", NODE_GONE,
          () -> daemons.stream().noneMatch(ProcessRecord::isAlive));
      assertEquals(List.of(), cli.leftRunning());
    }
  }

  @Test
  void sigtermToABlockingStartStopsTheNodeAndExitsZero() throws Exception {
    try (CliRun cli = CliRun.sandbox()) {
      Path head = cli.nodeDir("head");
      Path log = head.resolve("block.log");
      Process block = startBlocking(cli, head, log);
      List<ProcessRecord> daemons = processes(head);

      block.destroy();
      Await.until("the blocking start has exited", NODE_GONE, () -> !block.isAlive());
      assertEquals(0, block.exitValue(), () -> CliRun.read(log));
      assertTrue(daemons.stream().noneMatch(ProcessRecord::isAlive), "every process of the node is gone");
      assertTrue(CliRun.read(log).contains("Stopping the node (SIGTERM)."), () -> CliRun.read(log));
      assertFalse(CliRun.read(log).contains("died"), () -> CliRun.read(log));
    }
  }

  @Test
  void aDaemonDyingEndsABlockingStartWithExitOneAndStopsTheRest() throws Exception {
    try (CliRun cli = CliRun.sandbox()) {
      Path head = cli.nodeDir("head");
      Path log = head.resolve("block.log");
      Process block = startBlocking(cli, head, log);
      List<ProcessRecord> daemons = processes(head);
      ProcessRecord raylet = processes(head, "RAYLET").get(0);

      ProcessHandle.of(raylet.pid()).orElseThrow().destroyForcibly();
      Await.until("the blocking start has exited", NODE_GONE, () -> !block.isAlive());
      assertEquals(1, block.exitValue(), () -> CliRun.read(log));
      assertTrue(CliRun.read(log).contains("died, so the rest of the node was stopped"), () -> CliRun.read(log));
      assertTrue(daemons.stream().noneMatch(ProcessRecord::isAlive), "every process of the node is gone");
    }
  }

  /** Starts {@code jray start --head --block} in the background and waits until it watches its node. */
  private static Process startBlocking(CliRun cli, Path head, Path log) {
    Process block = cli.spawn(log, "start", "--head", "--block", "--port=" + ClusterHarness.freePort(),
        "--temp-dir=" + head, "--node-ip-address=127.0.0.1", "--num-cpus=1", "--object-store-memory=128MiB");
    Await.until("the blocking start watches its node", CliRun.TIMEOUT, () -> {
      if (!block.isAlive()) {
        throw new AssertionError("jray start --block exited with " + block.exitValue() + ":\n" + CliRun.read(log));
      }
      return CliRun.read(log).contains("--block: watching");
    });
    return block;
  }

  /**
   * The processes (pid and start time) that the node file {@code <tempDir>/session_*}{@code /node_*.json} lists,
   * those of one kind (e.g. RAYLET) or, with null, all.
   */
  private static List<ProcessRecord> processes(Path tempDir, String kind) throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> sessions = Files.newDirectoryStream(tempDir, "session_*")) {
      for (Path session : sessions) {
        if (Files.isSymbolicLink(session)) {
          continue; // session_latest
        }
        try (DirectoryStream<Path> nodes = Files.newDirectoryStream(session, "node_*.json")) {
          nodes.forEach(files::add);
        }
      }
    }
    assertEquals(1, files.size(), "one node file in " + tempDir);
    JsonObject node = JsonParser.parseString(Files.readString(files.get(0))).getAsJsonObject();
    return StreamSupport.stream(node.getAsJsonArray("processes").spliterator(), false)
        .map(JsonElement::getAsJsonObject)
        .filter(p -> kind == null || p.get("kind").getAsString().equals(kind))
        .map(p -> new ProcessRecord(p.get("pid").getAsLong(), p.get("startTicks").getAsLong()))
        .toList();
  }

  /** Every process of the one node that runs from {@code tempDir} (also used by the SSH launcher test). */
  static List<ProcessRecord> processes(Path tempDir) throws IOException {
    return processes(tempDir, null);
  }
}
