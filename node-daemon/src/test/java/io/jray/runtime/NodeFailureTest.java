package io.jray.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.jray.api.ObjectRef;
import io.jray.api.Ray;
import io.jray.testing.Await;
import io.jray.testing.ShortHealthChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
    try (FailoverCluster nodes = FailoverCluster.startWithDriver()) {
      Path marker = nodes.cluster.newTempDir("marker").resolve("ran");
      ObjectRef<String> ref = Ray.task(TestFunctions::nodeIdAfterMarking, marker.toString(), 4000L)
          .setResource("special", 1.0).remote();
      Await.until("the task started on a node", Duration.ofSeconds(60), () -> firstMarker(marker) != null);
      String first = firstMarker(marker);
      String survivor = nodes.killNode(first);
      String second = ref.get(120_000);
      assertNotEquals(first, second, "the retry ran on the surviving node");
      assertEquals(survivor, second);
    }
  }

  @Test
  void anActorWhoseNodeIsKilledRestartsOnAnotherNode() throws Exception {
    try (FailoverCluster nodes = FailoverCluster.startWithDriver()) {
      io.jray.api.ActorHandle<Counter> counter = Ray.actor(Counter::new, 0)
          .setResource("special", 1.0).setMaxRestarts(1).remote();
      String first = counter.task(Counter::nodeId).remote().get();
      String survivor = nodes.killNode(first);
      Await.until("the actor answers from the surviving node", Duration.ofSeconds(120), () -> {
        try {
          return survivor.equals(counter.task(Counter::nodeId).remote().get(30_000));
        } catch (io.jray.api.exception.RayException inFlightWhenKilled) {
          return false;
        }
      });
      assertEquals(true, counter.task(Counter::wasRestarted).remote().get());
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
