package io.jray.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.jray.api.ObjectRef;
import io.jray.api.Ray;
import io.jray.api.id.NodeId;
import io.jray.api.scheduling.SchedulingStrategies;
import io.jray.node.DaemonKind;
import io.jray.node.NodeLauncher;
import io.jray.testing.ClusterHarness;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A figure, not a test (it runs only with {@code -Djray.bench.lineage=true}): how long a {@code get} of the last
 * value of a chain of tasks with 1 MiB outputs takes when the node that held every link was killed with -9 just
 * before, so the owner rebuilds the whole chain on the node that lives. Health checks are as short as the fault
 * tests' (a dead node is declared so in about a second); the figure includes that wait. Prints one line per round:
 *
 * <pre>mvn -pl bench -am test -Dtest=LineageRebuildBenchmark -Djray.bench.lineage=true -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
@EnabledIfSystemProperty(named = "jray.bench.lineage", matches = "true")
class LineageRebuildBenchmark {
  private static final int CHAIN = Integer.getInteger("jray.bench.lineage.chain", 8);
  private static final int ROUNDS = Integer.getInteger("jray.bench.lineage.rounds", 3);
  private static final Map<String, String> SHORT_HEALTH_CHECKS = Map.of(
      "jray.health_check_period_ms", "300",
      "jray.health_check_timeout_ms", "1000",
      "jray.health_check_failure_threshold", "3",
      "jray.health_check_initial_delay_ms", "0");

  @Test
  void rebuildAChainOfOneMibOutputsAfterItsNodeIsKilled() throws Exception {
    SHORT_HEALTH_CHECKS.forEach(System::setProperty);
    try {
      for (int round = 1; round <= ROUNDS; round++) {
        round(round);
      }
    } finally {
      SHORT_HEALTH_CHECKS.keySet().forEach(System::clearProperty);
    }
  }

  private static void round(int round) throws Exception {
    try (ClusterHarness cluster = ClusterHarness.withHead(1)) {
      NodeLauncher.StartedNode doomed = cluster.addNode(s -> s.withNumCpus(1.0).withCustomResources(Map.of("chain", 1.0)));
      cluster.addNode(s -> s.withNumCpus(1.0).withCustomResources(Map.of("chain", 1.0)));
      Ray.init(cluster.gcsAddress().toString());
      try {
        NodeId there = NodeId.fromHex(doomed.nodeFile().nodeId());
        long start = System.nanoTime();
        List<ObjectRef<byte[]>> links = new ArrayList<>();
        links.add(Ray.task(LineageRebuildBenchmark::bytes, round).setResource("chain", 1.0)
            .setSchedulingStrategy(SchedulingStrategies.nodeAffinity(there, true)).remote());
        for (int i = 1; i < CHAIN; i++) {
          links.add(Ray.task(LineageRebuildBenchmark::next, links.get(i - 1)).setResource("chain", 1.0)
              .setSchedulingStrategy(SchedulingStrategies.nodeAffinity(there, true)).remote());
        }
        ObjectRef<byte[]> last = links.get(CHAIN - 1);
        Ray.wait(List.of(last), 1, 120_000);
        long firstRunMs = (System.nanoTime() - start) / 1_000_000;
        for (DaemonKind kind : List.of(DaemonKind.RAYLET, DaemonKind.OBJECT_STORE)) {
          long pid = doomed.nodeFile().processes().stream().filter(d -> d.daemonKind() == kind).findFirst()
              .orElseThrow().pid();
          new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
        }
        long killed = System.nanoTime();
        byte[] rebuilt = last.get(240_000);
        long rebuildMs = (System.nanoTime() - killed) / 1_000_000;
        byte[] expected = bytes(round);
        for (int i = 1; i < CHAIN; i++) {
          expected = next(expected);
        }
        assertArrayEquals(expected, rebuilt);
        System.out.println("lineage_rebuild chain=" + CHAIN + " x 1 MiB round " + round + ": first run " + firstRunMs
            + " ms, get after the kill " + rebuildMs + " ms");
      } finally {
        Ray.shutdown();
      }
    }
  }

  /** 1 MiB from {@code seed}. */
  public static byte[] bytes(int seed) {
    byte[] data = new byte[1 << 20];
    new java.util.SplittableRandom(seed).nextBytes(data);
    return data;
  }

  /** The next link: every byte plus one. */
  public static byte[] next(byte[] data) {
    byte[] out = new byte[data.length];
    for (int i = 0; i < data.length; i++) {
      out[i] = (byte) (data[i] + 1);
    }
    return out;
  }
}
