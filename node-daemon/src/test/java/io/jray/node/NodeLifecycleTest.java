package io.jray.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.jray.proto.NodeInfo;
import io.jray.proto.NodeState;
import io.jray.runtime.cluster.ClusterAddress;
import io.jray.runtime.gcs.GcsClient;
import io.jray.runtime.process.ProcessRecord;
import io.jray.runtime.rpc.AuthToken;
import io.jray.testing.Await;
import io.jray.testing.ClusterHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** The node lifecycle against real processes: start, join, status, death, stop. */
@Order(1)
class NodeLifecycleTest {

  @Test
  void headAloneShowsOneAliveNodeWithItsResources() throws Exception {
    try (ClusterHarness cluster = ClusterHarness.withHead(2)) {
      List<NodeInfo> nodes = cluster.gcs().getAllNodeInfo();
      assertEquals(1, nodes.size());
      NodeInfo head = nodes.get(0);
      assertEquals(NodeState.NODE_ALIVE, head.getState());
      assertTrue(head.getIsHead());
      assertEquals(2.0, head.getTotal().getAmountsOrThrow("CPU"));
      assertEquals((double) (256L << 20), head.getTotal().getAmountsOrThrow("object_store_memory"));
      NodeLauncher.StartedNode started = cluster.nodes().get(0);
      assertEquals(4, started.nodeFile().processes().size(), "reaper, gcs, object store, raylet");
      assertTrue(Files.exists(started.nodeFilePath()));
      assertTrue(Files.isSymbolicLink(started.layout().tempDir().resolve("session_latest")));
      assertEquals(cluster.gcsAddress(), ClusterAddress.read(started.layout().tempDir()).orElseThrow());
      for (DaemonKind kind : DaemonKind.values()) {
        assertTrue(Files.exists(started.layout().stderr(kind)), kind + " has a log");
      }
      // Logs carry every job's arguments: nobody but the user reads the session (issue 15).
      SessionLayout layout = started.layout();
      for (Path dir : List.of(layout.sessionDir(), layout.logsDir(), layout.portsDir(), layout.spillDir(),
          Path.of(started.nodeFile().shmDir()))) {
        assertEquals("rwx------", mode(dir), dir::toString);
      }
      for (Path file : List.of(layout.stdout(DaemonKind.RAYLET), layout.stderr(DaemonKind.GCS),
          layout.portFile(DaemonKind.RAYLET), started.nodeFilePath(), ClusterAddress.file(layout.tempDir()))) {
        assertEquals("rw-------", mode(file), file::toString);
      }
    }
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  @Test
  void joinedNodesAreListedWithSummedResourcesAndLabels() throws Exception {
    try (ClusterHarness cluster = ClusterHarness.withHead(1)) {
      cluster.addNode(spec -> spec.withNumCpus(2.0));
      cluster.addNode(spec -> spec.withNumCpus(3.0).withCustomResources(Map.of("accel", 2.0)));
      List<NodeInfo> nodes = cluster.gcs().getAllNodeInfo();
      assertEquals(3, nodes.size());
      assertTrue(nodes.stream().allMatch(n -> n.getState() == NodeState.NODE_ALIVE));
      double cpus = nodes.stream().mapToDouble(n -> n.getTotal().getAmountsOrThrow("CPU")).sum();
      assertEquals(6.0, cpus);
      assertEquals(1, nodes.stream().filter(n -> n.getTotal().containsAmounts("accel")).count());
      assertEquals(1, nodes.stream().filter(NodeInfo::getIsHead).count());
    }
  }

  @Test
  void aNodeWhoseRayletIsKilledIsShownDead() throws Exception {
    System.setProperty("jray.health_check_period_ms", "200");
    System.setProperty("jray.health_check_timeout_ms", "500");
    System.setProperty("jray.health_check_failure_threshold", "3");
    System.setProperty("jray.health_check_initial_delay_ms", "0");
    try (ClusterHarness cluster = ClusterHarness.withHead(1)) {
      NodeLauncher.StartedNode node = cluster.addNode(spec -> spec.withNumCpus(1.0));
      ProcessRecord raylet = daemon(node, DaemonKind.RAYLET);
      new ProcessBuilder("kill", "-9", Long.toString(raylet.pid())).start().waitFor();
      GcsClient gcs = cluster.gcs();
      String nodeId = node.nodeFile().nodeId();
      Await.until("the killed node is DEAD", Duration.ofSeconds(30), () -> gcs.getAllNodeInfo().stream()
          .anyMatch(n -> hex(n).equals(nodeId) && n.getState() == NodeState.NODE_DEAD));
      assertTrue(gcs.getAllNodeInfo().stream().filter(n -> !hex(n).equals(nodeId))
          .allMatch(n -> n.getState() == NodeState.NODE_ALIVE), "the head stays alive");
      // The reaper ends the rest of the dead node.
      Await.until("the dead node's other processes are gone", Duration.ofSeconds(30),
          () -> node.nodeFile().processes().stream().noneMatch(d -> new ProcessRecord(d.pid(), d.startTicks()).isAlive()));
    } finally {
      System.clearProperty("jray.health_check_period_ms");
      System.clearProperty("jray.health_check_timeout_ms");
      System.clearProperty("jray.health_check_failure_threshold");
      System.clearProperty("jray.health_check_initial_delay_ms");
    }
  }

  @Test
  void stopLeavesNoProcessNoSharedMemoryAndNoAddressFile() throws Exception {
    try (ClusterHarness cluster = ClusterHarness.withHead(1)) {
      NodeLauncher.StartedNode head = cluster.nodes().get(0);
      Path shm = Path.of(head.nodeFile().shmDir());
      assertTrue(Files.isDirectory(shm));
      NodeStopper.Result result = NodeStopper.stop(head.layout().tempDir(), false, 10_000);
      assertEquals(4, result.stopped());
      assertTrue(head.nodeFile().processes().stream().noneMatch(d -> new ProcessRecord(d.pid(), d.startTicks()).isAlive()));
      assertFalse(Files.exists(shm));
      assertFalse(Files.exists(ClusterAddress.file(head.layout().tempDir())));
      assertEquals(0, NodeStopper.stop(head.layout().tempDir(), false, 10_000).stopped(), "a second stop finds nothing");
    }
  }

  @Test
  void stopNeverKillsAProcessWhosePidWasReused() throws Exception {
    try (ClusterHarness cluster = ClusterHarness.withHead(1)) {
      NodeLauncher.StartedNode head = cluster.nodes().get(0);
      Process bystander = new ProcessBuilder("sleep", "60").start();
      try {
        // A node file that names the bystander's pid with another start time: as if the pid had been reused.
        NodeFile forged = new NodeFile("ff", false, "127.0.0.1", "127.0.0.1:1", head.layout().sessionDir().toString(),
            cluster.newTempDir("shm").toString(), Map.of(),
            List.of(new NodeFile.Daemon("RAYLET", bystander.pid(), ProcessRecord.of(bystander.pid()).orElseThrow().startTicks() + 1, List.of("x"))));
        forged.write(head.layout().sessionDir().resolve("node_ff.json"));
        NodeStopper.stop(head.layout().tempDir(), true, 0);
        assertTrue(bystander.isAlive(), "a process with a reused pid is not touched");
      } finally {
        bystander.destroyForcibly();
      }
    }
  }

  @Test
  void theReaperEndsTheNodeWhenItsOwnerDies() throws Exception {
    Process owner = new ProcessBuilder("sleep", "600").start();
    try (ClusterHarness cluster = ClusterHarness.create()) {
      NodeLauncher.StartedNode head = cluster.startHead(spec -> spec.withNumCpus(1.0).withOwnerPid(owner.pid()));
      owner.destroyForcibly().waitFor();
      Await.until("every process of the node is gone", Duration.ofSeconds(30),
          () -> head.nodeFile().processes().stream().noneMatch(d -> new ProcessRecord(d.pid(), d.startTicks()).isAlive()));
    } finally {
      owner.destroyForcibly();
    }
  }

  @Test
  void aWrongTokenIsRejectedByTheGcsAndByJoin() throws Exception {
    try (ClusterHarness cluster = ClusterHarness.withHead(1)) {
      try (GcsClient wrong = new GcsClient(cluster.gcsAddress(), AuthToken.of("wrong"))) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, wrong::getAllNodeInfo);
        assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
      }
      NodeSpec join = NodeSpec.worker(cluster.newTempDir("intruder"), cluster.gcsAddress());
      NodeStartException e = assertThrows(NodeStartException.class,
          () -> new NodeLauncher(l -> {}).start(join, AuthToken.of("wrong")));
      assertTrue(e.getMessage().contains("rejected this node's cluster token"), e.getMessage());
      assertEquals(1, cluster.gcs().getAllNodeInfo().size(), "no node was added");
    }
  }

  @Test
  void aTakenPortIsRefusedBeforeAnythingStarts() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0); ClusterHarness cluster = ClusterHarness.create()) {
      NodeStartException e = assertThrows(NodeStartException.class,
          () -> cluster.startHead(spec -> NodeSpec.head(spec.tempDir(), taken.getLocalPort()).withNodeIp("127.0.0.1")));
      assertTrue(e.getMessage().contains("Port " + taken.getLocalPort()), e.getMessage());
      assertTrue(cluster.nodes().isEmpty());
    }
  }

  @Test
  void aSecondHeadAtALiveAddressIsRefused() throws Exception {
    try (ClusterHarness cluster = ClusterHarness.withHead(1)) {
      NodeSpec second = NodeSpec.head(cluster.newTempDir("second"), cluster.gcsAddress().port()).withNodeIp("127.0.0.1");
      NodeStartException e = assertThrows(NodeStartException.class,
          () -> new NodeLauncher(l -> {}).start(second, cluster.token()));
      assertTrue(e.getMessage().contains("already running at " + cluster.gcsAddress()), e.getMessage());
    }
  }

  @Test
  void joiningAnAddressWhereNothingListensFailsWithinTheConnectTimeout() throws Exception {
    try (ClusterHarness cluster = ClusterHarness.create()) {
      NodeSpec join = NodeSpec.worker(cluster.newTempDir("lonely"), new io.jray.runtime.rpc.HostPort("127.0.0.1", ClusterHarness.freePort()));
      long start = System.nanoTime();
      NodeStartException e = assertThrows(NodeStartException.class, () -> new NodeLauncher(l -> {}).start(join, cluster.token()));
      assertTrue(e.getMessage().startsWith("No jray cluster answered at 127.0.0.1:"), e.getMessage());
      assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 30, "gives up instead of hanging");
    }
  }

  private static ProcessRecord daemon(NodeLauncher.StartedNode node, DaemonKind kind) {
    return node.nodeFile().processes().stream().filter(d -> d.daemonKind() == kind)
        .map(d -> new ProcessRecord(d.pid(), d.startTicks())).findFirst().orElseThrow();
  }

  private static String hex(NodeInfo n) {
    return java.util.HexFormat.of().formatHex(n.getNodeId().toByteArray());
  }
}
