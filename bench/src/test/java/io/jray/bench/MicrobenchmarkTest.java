package io.jray.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.api.Ray;
import io.jray.testing.ClusterHarness;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Every workload runs once against a real single-node cluster, in this JVM, with tiny batches and rounds: a
 * check that each still works, not a measurement (no thresholds). The CLI's tests run workloads in driver
 * processes of their own ({@link ForkedRunner}).
 */
@Order(2)
class MicrobenchmarkTest {
  /** No warm-up, two rounds of 100 ms, batches at 1% of Ray's sizes (10 tasks per async call, 1 MiB puts). */
  private static final BenchSettings SMOKE = new BenchSettings(Duration.ZERO, Duration.ofMillis(200), 2, 0.01);

  private static ClusterHarness cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = ClusterHarness.withHead(2);
    Ray.init(cluster.gcsAddress().toString());
  }

  @AfterAll
  static void stopCluster() {
    Ray.shutdown();
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void everyWorkloadRunsAndMeasuresAPositiveRate() {
    List<Result> results = new Microbenchmark(new Runner(SMOKE)).run(Workloads.all(), r -> {});
    assertEquals(Workloads.names(), results.stream().map(Result::name).toList());
    for (Result r : results) {
      assertTrue(r.ok(), () -> Report.failureLine(r));
      assertEquals(SMOKE.rounds(), r.rounds().size(), r.name());
      assertTrue(r.mean() > 0 && r.rounds().stream().allMatch(x -> x > 0), () -> Report.line(r));
      assertTrue(Report.line(r).matches(r.name() + " per second \\d+\\.\\d{1,2} \\+- \\d+\\.\\d{1,2}"), Report.line(r));
    }
  }
}
