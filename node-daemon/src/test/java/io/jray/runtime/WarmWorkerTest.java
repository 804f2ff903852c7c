package io.jray.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.api.Ray;
import io.jray.api.runtimeenv.RuntimeEnv;
import io.jray.proto.Address;
import io.jray.proto.GetNodeStatsRequest;
import io.jray.proto.NodeInfo;
import io.jray.proto.WorkerStats;
import io.jray.proto.WorkerState;
import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.rpc.PeerChannels;
import io.jray.testing.Await;
import io.jray.testing.ClusterHarness;
import io.jray.testing.PropertyOverride;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Warm workers: a raylet keeps JVMs started ahead of demand, bound to no job; a job's first task runs in one of them
 * (its code taken into a class loader of the worker's own), another takes its place, and a job with an environment
 * of its own gets JVMs started for it instead.
 */
@Order(4)
class WarmWorkerTest {
  private static final Duration WAIT = Duration.ofSeconds(90);

  /** The node's workers bound to no job and waiting for one. */
  private static Set<Long> warmPids(PeerChannels peers, Address raylet) {
    return peers.rayletBlocking(raylet).getNodeStats(GetNodeStatsRequest.getDefaultInstance()).getWorkersList()
        .stream().filter(w -> w.getJobId().isEmpty() && w.getState() == WorkerState.WORKER_IDLE)
        .map(WorkerStats::getPid).collect(Collectors.toSet());
  }

  @Test
  void aJobsFirstTaskRunsInAWarmWorkerThatIsThenReplacedAndAnOwnEnvironmentGetsItsOwnJvm() throws Exception {
    PropertyOverride warm = PropertyOverride.set(JrayConfig.WARM_WORKERS.propertyName(), "2");
    try (ClusterHarness cluster = ClusterHarness.create(); PeerChannels peers = new PeerChannels(cluster.token())) {
      cluster.startHead(s -> s.withNumCpus(2.0));
      warm.restore(); // the raylet took it at its start; the driver's own JVM has no use for it
      NodeInfo head = cluster.gcs().getAllNodeInfo().get(0);
      Address raylet = Address.newBuilder().setIp(head.getNodeIp()).setPort(head.getNodeManagerPort()).build();
      Await.until("two warm workers waiting for a job", WAIT, () -> warmPids(peers, raylet).size() == 2);
      Set<Long> before = warmPids(peers, raylet);

      Ray.init(cluster.gcsAddress().toString());
      try {
        long ran = Ray.task(TestFunctions::pid).remote().get(60_000);
        assertTrue(before.contains(ran), "the first task ran in a warm worker " + before + ", not in " + ran);
        Await.until("warm workers started in place of the bound ones", WAIT, () -> {
          Set<Long> now = warmPids(peers, raylet);
          return now.size() == 2 && now.stream().noneMatch(before::contains);
        });
        Set<Long> refilled = warmPids(peers, raylet);
        // An environment of its own (an env var): never a warm worker, which was started without it.
        long own = Ray.task(TestFunctions::pid)
            .setRuntimeEnv(RuntimeEnv.builder().setEnvVar("WARM_TEST", "1").build()).remote().get(60_000);
        assertFalse(refilled.contains(own) || before.contains(own), "a worker started for the environment: " + own);
        assertEquals(refilled, warmPids(peers, raylet), "the warm workers are still unbound");
      } finally {
        Ray.shutdown();
      }
    } finally {
      warm.restore();
    }
  }
}
