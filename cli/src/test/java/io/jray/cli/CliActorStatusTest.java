package io.jray.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jray.testing.Await;
import io.jray.testing.ClusterHarness;
import java.time.Duration;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** {@code jray status -v} and {@code --format=json} list the actors with their state, class, name and node. */
@Order(5)
class CliActorStatusTest {

  @Test
  void statusShowsADetachedActorAliveAndAFinishedJobsActorDead() {
    try (CliRun cli = CliRun.sandbox()) {
      int port = ClusterHarness.freePort();
      Path head = cli.nodeDir("head");
      cli.run("start", "--head", "--port=" + port, "--temp-dir=" + head, "--node-ip-address=127.0.0.1", "--num-cpus=2")
          .expectExit(0);
      String address = "127.0.0.1:" + port;
      String name = "status-" + UUID.randomUUID();
      // A driver (from the node-daemon test jar) makes a detached and a non-detached named Counter, then exits.
      cli.runMain("io.jray.runtime.ActorDriver", address, name).expectExit(0);

      String table = cli.run("status", "--address=" + address, "-v").expectExit(0).out();
      assertTrue(table.contains("ALIVE io.jray.runtime.Counter name=" + name + " "), table);

      // The non-detached actor ends when the GCS sees the driver's job finish: wait for it, with a deadline.
      Await.until("status shows the detached actor ALIVE and the other DEAD", Duration.ofSeconds(30), () -> {
        JsonObject json = JsonParser.parseString(cli.run("status", "--address=" + address, "--format=json")
            .expectExit(0).out()).getAsJsonObject();
        JsonArray actors = json.getAsJsonArray("actors");
        assertEquals(2, actors.size(), json.toString());
        boolean expected = true;
        for (JsonElement e : actors) {
          JsonObject actor = e.getAsJsonObject();
          assertEquals("io.jray.runtime.Counter", actor.get("class_name").getAsString());
          boolean detached = actor.get("name").getAsString().equals(name);
          expected &= actor.get("state").getAsString().equals(detached ? "ALIVE" : "DEAD");
        }
        return expected;
      });
    }
  }
}
