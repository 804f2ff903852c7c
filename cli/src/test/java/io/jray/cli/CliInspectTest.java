package io.jray.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jray.testing.Await;
import io.jray.testing.ClusterHarness;
import io.jray.testing.TestProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * {@code jray summary}, {@code jray memory} and {@code jray timeline} after a small workload on a real cluster: a
 * job that ran 12 tasks and an actor, and holds a 2 MiB value while the commands look.
 */
@Order(6)
class CliInspectTest {
  private static final String JOB = """
      package jobs;
      import io.jray.api.ActorHandle;
      import io.jray.api.ObjectRef;
      import io.jray.api.Ray;
      import java.nio.file.*;
      import java.util.*;
      public class Holder {
        public static int square(int x) throws Exception { Thread.sleep(50); return x * x; }
        public static class Tally { int n; public int add(int x) { n += x; return n; } }
        public static void main(String[] args) throws Exception {
          Ray.init();
          List<ObjectRef<Integer>> refs = new ArrayList<>();
          for (int i = 0; i < 12; i++) refs.add(Ray.task(Holder::square, i).remote());
          Ray.get(refs);
          ActorHandle<Tally> tally = Ray.actor(Tally::new).remote();
          tally.task(Tally::add, 3).remote().get();
          ObjectRef<byte[]> big = Ray.put(new byte[2 << 20]);
          System.out.println("holding " + big.get().length);
          Path release = Path.of(args[0]);
          for (int i = 0; i < 1200 && !Files.exists(release); i++) Thread.sleep(100);
          System.out.println("released " + big.get().length);
          Ray.shutdown();
        }
      }
      """;

  @Test
  void summaryMemoryAndTimelineDescribeTheWorkAJobDid() throws Exception {
    try (CliRun cli = CliRun.sandbox()) {
      int port = ClusterHarness.freePort();
      String address = "127.0.0.1:" + port;
      cli.run("start", "--head", "--port=" + port, "--temp-dir=" + cli.nodeDir("head"), "--num-cpus=2")
          .expectExit(0);
      Path jobs = Files.createTempDirectory(TestProcesses.root(), "inspect-");
      Path jar = TestJars.jar(jobs, "holder.jar", "jobs.Holder", JOB);
      Path release = jobs.resolve("release");
      cli.run("submit", "--address=" + address, "--job-id=holder", "--no-wait", jar.toString(), release.toString())
          .expectExit(0);
      try {
        Await.until("the job holds its value", Duration.ofSeconds(120), () -> cli.run("job", "logs",
            "--address=" + address, "holder").out().contains("holding 2097152"));

        CliRun.Result tasks = cli.run("summary", "tasks", "--address=" + address).expectExit(0);
        assertTrue(tasks.out().contains("======== Tasks Summary: "), tasks.out());
        assertTrue(tasks.out().contains("total_tasks: 12"), tasks.out());
        assertTrue(tasks.out().contains("{FINISHED=12}"), tasks.out());
        JsonObject actors = JsonParser.parseString(cli.run("summary", "actors", "--address=" + address,
            "--format=json").expectExit(0).out()).getAsJsonObject();
        assertEquals(1, actors.get("total_actors").getAsInt(), actors.toString());
        assertEquals("ALIVE=1", actors.getAsJsonArray("summary").get(0).getAsJsonObject()
            .getAsJsonObject("state_counts").entrySet().iterator().next().toString());

        CliRun.Result memory = cli.run("memory", "--address=" + address).expectExit(0);
        assertTrue(memory.out().matches("(?s).*\\b2097\\d{3}\\b.*LOCAL_REFERENCE.*"),
            "the 2 MiB value, kept by its local ref: " + memory.out());
        JsonObject objects = JsonParser.parseString(cli.run("summary", "objects", "--address=" + address,
            "--format=json").expectExit(0).out()).getAsJsonObject();
        assertTrue(objects.get("total_size_mb").getAsDouble() >= 2.0, objects.toString());

        Path trace = cli.dir().resolve("trace.json");
        CliRun.Result timeline = cli.run("timeline", "--address=" + address, "--output=" + trace).expectExit(0);
        assertTrue(timeline.out().startsWith("Wrote a trace of "), timeline.out());
        JsonArray events = JsonParser.parseString(Files.readString(trace)).getAsJsonArray();
        List<JsonObject> squares = events.asList().stream().map(JsonElement::getAsJsonObject)
            .filter(e -> e.get("ph").getAsString().equals("X") && e.get("name").getAsString().contains("square"))
            .toList();
        assertEquals(12, squares.size(), "one complete event per task: " + events);
        for (JsonObject e : squares) {
          assertTrue(e.get("dur").getAsLong() >= 40_000, "each task slept 50 ms: " + e);
          assertTrue(e.get("ts").getAsLong() > 1_600_000_000_000_000L, "microseconds since the epoch: " + e);
        }
      } finally {
        Files.writeString(release, "go");
      }
      Await.until("the job ends", Duration.ofSeconds(120), () -> cli.run("job", "logs", "--address=" + address,
          "holder").out().contains("released 2097152"));
    }
  }
}
