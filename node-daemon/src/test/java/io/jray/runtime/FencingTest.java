package io.jray.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.google.protobuf.ByteString;
import io.jray.api.ActorHandle;
import io.jray.api.Ray;
import io.jray.node.DaemonKind;
import io.jray.node.NodeLauncher;
import io.jray.proto.ActorState;
import io.jray.proto.NodeState;
import io.jray.runtime.process.ProcessRecord;
import io.jray.testing.Await;
import io.jray.testing.ClusterHarness;
import io.jray.testing.ShortHealthChecks;
import java.io.IOException;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A node is never an orphan and never a zombie: one the GCS declared dead while it could not answer (a pause, a
 * partition) ends itself and its workers when it hears so, so an actor restarted elsewhere is its only live
 * instance; and one whose GCS never comes back ends after gcs_reconnect_timeout_ms.
 */
@Order(5)
@ExtendWith(ShortHealthChecks.class)
class FencingTest {

  @Test
  void aNodeDeclaredDeadWhilePausedEndsWithItsActorWhenItReportsAgain() throws Exception {
    try (FailoverCluster nodes = FailoverCluster.startWithDriver()) {
      ActorHandle<Counter> counter = Ray.actor(Counter::new, 0).setResource("special", 1.0).setMaxRestarts(1).remote();
      String first = counter.task(Counter::nodeId).remote().get();
      long firstWorker = counter.task(Counter::pid).remote().get();
      NodeLauncher.StartedNode paused = nodes.node(first);
      long raylet = pid(paused, DaemonKind.RAYLET);
      signal(raylet, "STOP"); // as a long GC pause or a partition: alive, but answers nothing
      try {
        Await.until("the GCS declares the paused node dead", Duration.ofSeconds(60), () -> nodes.cluster.gcs()
            .getAllNodeInfo().stream().anyMatch(n -> hex(n.getNodeId()).equals(first)
                && n.getState() == NodeState.NODE_DEAD));
        // The GCS restarts the actor elsewhere at once, though its first instance still runs on the paused node.
        Await.until("the GCS restarts the actor on the other node", Duration.ofSeconds(60), () -> nodes.cluster.gcs()
            .getAllActorInfo().stream().anyMatch(a -> a.getState() == ActorState.ACTOR_ALIVE
                && a.getNumRestarts() == 1 && !hex(a.getNodeId()).equals(first)));
      } finally {
        signal(raylet, "CONT");
      }
      Await.until("the node that was declared dead ends itself and the actor's first instance",
          Duration.ofSeconds(60), () -> !ProcessHandle.of(firstWorker).map(ProcessHandle::isAlive).orElse(false)
              && paused.nodeFile().processes().stream()
                  .noneMatch(d -> new ProcessRecord(d.pid(), d.startTicks()).isAlive()));
      String second = counter.task(Counter::nodeId).remote().get(60_000);
      assertNotEquals(first, second);
      assertEquals(true, counter.task(Counter::wasRestarted).remote().get(), "the caller reaches the restarted actor");
      assertEquals(true, nodes.cluster.gcs().getAllNodeInfo().stream()
          .filter(n -> hex(n.getNodeId()).equals(first)).allMatch(n -> n.getState() == NodeState.NODE_DEAD),
          "the fenced node did not rejoin");
    }
  }

  @Test
  void aNodeWhoseGcsNeverReturnsEndsAfterTheReconnectTimeout() throws Exception {
    System.setProperty("jray.gcs_reconnect_timeout_ms", "3000");
    try (ClusterHarness cluster = ClusterHarness.withHead(1)) {
      NodeLauncher.StartedNode node = cluster.addNode(spec -> spec.withNumCpus(1.0));
      NodeLauncher.StartedNode head = cluster.nodes().get(0);
      signal(pid(head, DaemonKind.GCS), "KILL");
      Await.until("the node whose GCS is gone ends, leaving no process", Duration.ofSeconds(60),
          () -> node.nodeFile().processes().stream().noneMatch(d -> new ProcessRecord(d.pid(), d.startTicks()).isAlive()));
    } finally {
      System.clearProperty("jray.gcs_reconnect_timeout_ms");
    }
  }

  private static long pid(NodeLauncher.StartedNode node, DaemonKind kind) {
    return node.nodeFile().processes().stream().filter(d -> d.daemonKind() == kind).findFirst().orElseThrow().pid();
  }

  private static void signal(long pid, String signal) throws IOException, InterruptedException {
    assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor(),
        "kill -" + signal + " " + pid);
  }

  private static String hex(ByteString id) {
    return HexFormat.of().formatHex(id.toByteArray());
  }
}
