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

/** {@code jray status -v}, {@code --format=json} and {@code jray list} show the actors, nodes and jobs. */
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
      JsonArray listed = JsonParser.parseString(cli.run("list", "actors", "--address=" + address, "--filter",
          "state=ALIVE", "--format=json").expectExit(0).out()).getAsJsonArray();
      assertEquals(1, listed.size(), listed.toString());
      assertEquals(name, listed.get(0).getAsJsonObject().get("name").getAsString());
      JsonArray nodes = JsonParser.parseString(cli.run("list", "nodes", "--address=" + address, "--format=json")
          .expectExit(0).out()).getAsJsonArray();
      assertEquals(1, nodes.size());
      assertEquals("ALIVE", nodes.get(0).getAsJsonObject().get("state").getAsString());
      assertTrue(cli.run("list", "jobs", "--address=" + address).expectExit(0).out().contains("FINISHED"));
      cli.run("list", "actors", "--address=" + address, "--filter", "colour=red").expectExit(2);
      // The driver reported its actor calls before it exited: they stay listed, finished, with where they ran.
      JsonArray tasks = JsonParser.parseString(cli.run("list", "tasks", "--address=" + address, "--filter",
          "type=ACTOR_TASK", "--format=json").expectExit(0).out()).getAsJsonArray();
      assertEquals(2, tasks.size(), tasks.toString());
      for (JsonElement t : tasks) {
        assertEquals("FINISHED", t.getAsJsonObject().get("state").getAsString(), t.toString());
        assertEquals(nodes.get(0).getAsJsonObject().get("node_id"), t.getAsJsonObject().get("node_id"), t.toString());
      }
      assertTrue(cli.run("list", "tasks", "--address=" + address).expectExit(0).out().contains("Counter.get"));
      JsonParser.parseString(cli.run("list", "objects", "--address=" + address, "--format=json").expectExit(0).out())
          .getAsJsonArray();
    }
  }
}
