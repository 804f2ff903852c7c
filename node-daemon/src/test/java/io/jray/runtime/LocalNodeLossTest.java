package io.jray.runtime;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.api.ObjectRef;
import io.jray.api.Ray;
import io.jray.api.exception.LocalRayletDiedException;
import io.jray.node.DaemonKind;
import io.jray.node.NodeLauncher;
import io.jray.runtime.config.JrayConfig;
import io.jray.testing.Await;
import io.jray.testing.ClusterHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** A driver whose own node is killed (its raylet and object store, kill -9), as when the machine's OOM killer strikes. */
@Order(5)
class LocalNodeLossTest {
  /** Short retries: a lease request gives up after 4 unanswered tries, well under a second. */
  private static final Map<String, String> SHORT_RETRIES = Map.of(
      JrayConfig.RPC_RETRY_BASE_MS.propertyName(), "50",
      JrayConfig.RPC_RETRY_MAX_MS.propertyName(), "200",
      JrayConfig.RPC_RETRY_ATTEMPTS.propertyName(), "4",
      JrayConfig.RPC_TIMEOUT_MS.propertyName(), "3000");

  @Test
  void aTaskOfADriverWhoseLocalRayletDiedFailsClearlyAndTheNodesSharedMemoryIsRemoved() throws Exception {
    SHORT_RETRIES.forEach(System::setProperty);
    try (ClusterHarness cluster = ClusterHarness.withHead(1)) {
      NodeLauncher.StartedNode head = cluster.nodes().get(0);
      Path shm = Path.of(head.nodeFile().shmDir());
      Ray.init(cluster.gcsAddress().toString());
      try {
        kill(head, DaemonKind.RAYLET);
        kill(head, DaemonKind.OBJECT_STORE);
        long start = System.nanoTime();
        ObjectRef<Integer> task = Ray.task(TestFunctions::square, 5).remote();
        LocalRayletDiedException e = assertThrows(LocalRayletDiedException.class, () -> task.get(60_000));
        long tookMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertTrue(tookMs < 20_000, "failed after " + tookMs + " ms");
        assertTrue(e.getMessage().contains("local raylet"), e.getMessage());
      } finally {
        Ray.shutdown();
      }
      // The reaper ends the rest of the node and removes the shared memory the killed store left behind.
      Await.until("the dead node's shared memory folder is removed", Duration.ofSeconds(60),
          () -> !Files.exists(shm));
    } finally {
      SHORT_RETRIES.keySet().forEach(System::clearProperty);
    }
  }

  private static void kill(NodeLauncher.StartedNode node, DaemonKind kind) throws Exception {
    long pid = node.nodeFile().processes().stream().filter(d -> d.daemonKind() == kind).findFirst().orElseThrow().pid();
    new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
  }
}
