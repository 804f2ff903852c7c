package io.jray.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.ByteString;
import io.jray.proto.ActorState;
import io.jray.proto.NodeState;
import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.gcs.GcsClient;
import io.jray.testing.Await;
import io.jray.testing.HostProcess;
import io.jray.testing.LocalAccount;
import io.jray.testing.NetnsHosts;
import io.jray.testing.ShortHealthChecks;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fencing across a real network partition (issue 16), root only: a head and two nodes, each in its own
 * {@link NetnsHosts} host. A node cut off from the network is declared dead and its actor restarted elsewhere
 * while its first instance still runs; when the link is back, the node hears it was declared dead and ends with
 * every process of its host, never rejoins, and the restarted actor is the only live one; a task that ran on the
 * cut-off node is run again elsewhere and its result reaches the driver; a node cut off for
 * longer than gcs_reconnect_timeout_ms ends without hearing anything. {@code FencingTest} checks the same with
 * SIGSTOP and kill -9 on one machine.
 */
@Order(7)
@Tag("netns")
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PartitionFencingTest {
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final Pattern PLACEMENT = Pattern.compile("actor node=(\\w+) pid=(\\d+) restarted=(true|false)");

  /** Where the driver's actor answered from. */
  private record Placement(String node, long pid, boolean restarted) {
    static Placement of(String line) {
      Matcher m = PLACEMENT.matcher(line);
      if (!m.matches()) {
        throw new AssertionError("the driver could not call its actor: " + line);
      }
      return new Placement(m.group(1), Long.parseLong(m.group(2)), Boolean.parseBoolean(m.group(3)));
    }
  }

  @Test
  void aNodeCutOffByAPartitionEndsWithItsActorWhenTheLinkIsBack() {
    assumeTrue(LocalAccount.runningAsRoot(), "network namespaces need root");
    Map<String, String> settings = new HashMap<>(ShortHealthChecks.asEnvironment());
    // Far beyond this test: only fencing, not the node giving up on a silent GCS, may end the cut-off node.
    settings.put(JrayConfig.GCS_RECONNECT_TIMEOUT_MS.envName(), Long.toString(TimeUnit.MINUTES.toMillis(10)));
    try (NetnsHosts hosts = NetnsHosts.create("head", "b", "c");
         NetnsCluster cluster = NetnsCluster.withSettings(settings)) {
      cluster.startHead(hosts.host("head"), "--num-cpus=1");
      Map<String, NetnsCluster.Node> special = Stream.of("b", "c")
          .map(h -> cluster.join(hosts.host(h), "--num-cpus=1", "--resources={\"special\": 1}"))
          .collect(Collectors.toMap(NetnsCluster.Node::nodeId, n -> n));
      HostProcess driver = cluster.spawnDriver(hosts.host("head"), PartitionDriver.class.getName());
      Placement first = Placement.of(driver.awaitLine("the driver's actor answers", DEADLINE, PartitionFencingTest::isAnswer));
      NetnsHosts.Host cutOff = special.get(first.node()).host();
      assertTrue(cutOff.processes().contains(first.pid()), "the actor's worker runs in its node's host");
      GcsClient gcs = cluster.gcs();

      cutOff.disconnect();
      Await.until("the GCS declares the cut-off node dead", DEADLINE, () -> state(gcs, first.node()) == NodeState.NODE_DEAD);
      Await.until("the GCS restarts the actor on the other node", DEADLINE, () -> gcs.getAllActorInfo().stream()
          .anyMatch(a -> a.getState() == ActorState.ACTOR_ALIVE && a.getNumRestarts() == 1
              && !hex(a.getNodeId()).equals(first.node())));
      assertTrue(cutOff.processes().contains(first.pid()), "the actor's first instance still runs behind the partition");

      cutOff.reconnect();
      Await.until("the node declared dead ends itself and every process of its host, the actor's first instance too",
          DEADLINE, () -> cutOff.processes().isEmpty());
      driver.send("ask");
      // The task's line and the actor's second answer come in either order.
      String task = null;
      Placement second = null;
      while (task == null || second == null) {
        String line = driver.awaitLine("the actor's second answer and the task's result", DEADLINE,
            l -> isAnswer(l) || l.startsWith("task "));
        if (line.startsWith("task ")) {
          task = line;
        } else {
          second = Placement.of(line);
        }
      }
      assertNotEquals(first.node(), second.node());
      assertTrue(second.restarted(), "the caller reaches the restarted actor");
      assertTrue(task.startsWith("task node=") && !task.equals("task node=" + first.node()),
          "the task on the cut-off node ran again on another: " + task);
      assertEquals(NodeState.NODE_DEAD, state(gcs, first.node()), "the fenced node did not rejoin");
    }
  }

  @Test
  void aNodeCutOffLongerThanTheReconnectTimeoutEndsWhileStillCutOff() {
    assumeTrue(LocalAccount.runningAsRoot(), "network namespaces need root");
    Map<String, String> settings = new HashMap<>(ShortHealthChecks.asEnvironment());
    settings.put(JrayConfig.GCS_RECONNECT_TIMEOUT_MS.envName(), "3000");
    try (NetnsHosts hosts = NetnsHosts.create("head", "b");
         NetnsCluster cluster = NetnsCluster.withSettings(settings)) {
      cluster.startHead(hosts.host("head"), "--num-cpus=1");
      NetnsHosts.Host cutOff = cluster.join(hosts.host("b"), "--num-cpus=1").host();
      long cutAt = System.nanoTime();
      cutOff.disconnect(); // for good: the node never hears that it was declared dead, it must end by itself
      Await.until("the node that cannot reach its GCS ends every process of its host", DEADLINE,
          () -> cutOff.processes().isEmpty());
      // Soon after the 3 s: a report to a silent GCS is cut short at the timeout, and the raylet does not wait to
      // say goodbye to a GCS it cannot reach (it lived 20 s past the timeout when it did both).
      double took = (System.nanoTime() - cutAt) / 1e9;
      assertTrue(took < 16, "the cut-off node ended " + took + " s after the cut, for a 3 s reconnect timeout");
    }
  }

  private static boolean isAnswer(String line) {
    return line.startsWith("actor ") || line.startsWith("error ");
  }

  private static NodeState state(GcsClient gcs, String nodeId) {
    return gcs.getAllNodeInfo().stream().filter(n -> hex(n.getNodeId()).equals(nodeId)).map(n -> n.getState())
        .findFirst().orElse(null);
  }

  private static String hex(ByteString id) {
    return HexFormat.of().formatHex(id.toByteArray());
  }
}
