package io.jray.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.jray.api.ObjectRef;
import io.jray.api.Ray;
import io.jray.node.NodeLauncher;
import io.jray.testing.Await;
import io.jray.testing.ClusterHarness;
import io.jray.testing.ShortHealthChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A node that dies mid-task: the task runs again on another node that fits. */
@Order(5)
@ExtendWith(ShortHealthChecks.class)
class NodeFailureTest {

  @Test
  void aTaskWhoseNodeIsKilledRunsAgainOnAnotherNode() throws Exception {
    try (ClusterHarness cluster = ClusterHarness.withHead(1)) {
      List<NodeLauncher.StartedNode> workers = List.of(
          cluster.addNode(spec -> spec.withNumCpus(1.0).withCustomResources(Map.of("special", 1.0))),
          cluster.addNode(spec -> spec.withNumCpus(1.0).withCustomResources(Map.of("special", 1.0))));
      Ray.init(cluster.gcsAddress().toString());
      try {
        Path marker = cluster.newTempDir("marker").resolve("ran");
        ObjectRef<String> ref = Ray.task(TestFunctions::nodeIdAfterMarking, marker.toString(), 4000L)
            .setResource("special", 1.0).remote();
        Await.until("the task started on a node", Duration.ofSeconds(60), () -> firstMarker(marker) != null);
        String first = firstMarker(marker);
        ClusterHarness.killRaylet(workers.stream().filter(n -> n.nodeFile().nodeId().equals(first))
            .findFirst().orElseThrow());
        String second = ref.get(120_000);
        assertNotEquals(first, second, "the retry ran on the surviving node");
        assertEquals(workers.stream().map(n -> n.nodeFile().nodeId()).filter(id -> !id.equals(first)).findFirst()
            .orElseThrow(), second);
      } finally {
        Ray.shutdown();
      }
    }
  }

  @Test
  void anActorWhoseNodeIsKilledRestartsOnAnotherNode() throws Exception {
    try (ClusterHarness cluster = ClusterHarness.withHead(1)) {
      List<NodeLauncher.StartedNode> workers = List.of(
          cluster.addNode(spec -> spec.withNumCpus(1.0).withCustomResources(Map.of("special", 1.0))),
          cluster.addNode(spec -> spec.withNumCpus(1.0).withCustomResources(Map.of("special", 1.0))));
      Ray.init(cluster.gcsAddress().toString());
      try {
        io.jray.api.ActorHandle<Counter> counter = Ray.actor(Counter::new, 0)
            .setResource("special", 1.0).setMaxRestarts(1).remote();
        String first = counter.task(Counter::nodeId).remote().get();
        ClusterHarness.killRaylet(workers.stream().filter(n -> n.nodeFile().nodeId().equals(first))
            .findFirst().orElseThrow());
        String survivor = workers.stream().map(n -> n.nodeFile().nodeId()).filter(id -> !id.equals(first))
            .findFirst().orElseThrow();
        Await.until("the actor answers from the surviving node", Duration.ofSeconds(120), () -> {
          try {
            return survivor.equals(counter.task(Counter::nodeId).remote().get(30_000));
          } catch (io.jray.api.exception.RayException inFlightWhenKilled) {
            return false;
          }
        });
        assertEquals(true, counter.task(Counter::wasRestarted).remote().get());
      } finally {
        Ray.shutdown();
      }
    }
  }

  private static String firstMarker(Path marker) {
    try (Stream<Path> files = Files.list(marker.getParent())) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("ran."))
          .map(n -> n.substring(4)).findFirst().orElse(null);
    } catch (java.io.IOException e) {
      return null;
    }
  }
}
