package io.jray.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.jray.testing.ClusterHarness;
import io.jray.testing.TestProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Logs rotate by size (JRAY_ROTATION_MAX_BYTES x JRAY_ROTATION_BACKUP_COUNT, as Ray's): a worker that prints far
 * past the limit leaves at most the configured files, each at most the limit, 'jray logs' lists the rotated ones,
 * and what it printed still reaches the driver.
 */
class CliLogRotationTest {
  private static final long LIMIT = 20_000;
  private static final int BACKUPS = 2;
  private static final String SOURCES = """
      package jobs;
      import io.jray.api.Ray;
      public class Chatty {
        static int talk(int lines) {
          for (int i = 0; i < lines; i++) System.out.println("chatty line " + i + " of a worker that talks a lot");
          System.err.println("chatty is done");
          return lines;
        }
        public static void main(String[] args) {
          Ray.init();
          System.out.println("printed " + Ray.task(Chatty::talk, 3000).remote().get() + " lines");
          Ray.shutdown();
        }
      }
      """;

  @Test
  void aWorkerPrintingPastTheLimitLeavesAtMostTheConfiguredFilesEachAtMostTheLimit() throws IOException {
    try (CliRun cli = CliRun.sandbox()) {
      Map<String, String> rotation = Map.of("JRAY_ROTATION_MAX_BYTES", Long.toString(LIMIT),
          "JRAY_ROTATION_BACKUP_COUNT", Integer.toString(BACKUPS));
      int port = ClusterHarness.freePort();
      String address = "127.0.0.1:" + port;
      Path headDir = cli.nodeDir("head");
      CliRun.Result head = cli.run(rotation, "start", "--head", "--port=" + port, "--temp-dir=" + headDir,
          "--node-ip-address=127.0.0.1", "--num-cpus=1", "--object-store-memory=128MiB", "--include-dashboard=false")
          .expectExit(0);
      // A head without the dashboard names none (CliDashboardTest covers the dashboard).
      assertFalse(head.out().contains("Dashboard"), head.out());
      assertFalse(cli.run("status", "--address=" + address).expectExit(0).out().contains("Dashboard"));
      Path jar = TestJars.jar(Files.createTempDirectory(TestProcesses.root(), "rotation-jobs-"), "chatty.jar",
          "jobs.Chatty", SOURCES);
      CliRun.Result run = cli.run("submit", "--address=" + address, jar.toString()).expectExit(0);
      // log_to_driver: the worker's last lines reach the driver through the rotating stream's tee
      assertTrue(run.out().contains(") chatty line 2999 of a worker that talks a lot"), run.out());
      assertTrue(run.out().contains("printed 3000 lines"), run.out());

      Path logs = headDir.resolve("session_latest/logs");
      Map<String, List<Path>> byLog;
      try (Stream<Path> files = Files.list(logs)) {
        byLog = files.filter(f -> f.getFileName().toString().matches("worker-.*\\.(out|err)(\\.\\d+)?"))
            .collect(Collectors.groupingBy(f -> f.getFileName().toString().replaceFirst("\\.\\d+$", ""),
                TreeMap::new, Collectors.toList()));
      }
      List<Path> chatty = byLog.values().stream().filter(files -> files.stream().anyMatch(f -> contains(f, "chatty")))
          .filter(files -> files.get(0).getFileName().toString().contains(".out")).findFirst()
          .orElseThrow(() -> new AssertionError("no worker log holds the output: " + byLog));
      assertEquals(BACKUPS + 1, chatty.size(), "the log and its backups, no more: " + chatty);
      for (Path f : chatty) {
        assertTrue(Files.size(f) <= LIMIT, f + " holds " + Files.size(f) + " bytes, past the limit");
      }
      String newest = chatty.stream().filter(f -> f.toString().endsWith(".out")).findFirst().map(CliLogRotationTest::read)
          .orElseThrow();
      assertTrue(newest.contains("chatty line 2999 "), "the newest lines are in the current file");
      for (List<Path> files : byLog.values()) {
        assertTrue(files.size() <= BACKUPS + 1, "every worker log keeps at most its backups: " + files);
      }
      try (Stream<Path> files = Files.list(logs)) {
        for (Path daemonLog : files.filter(f -> f.getFileName().toString()
            .matches("(gcs|raylet|object_store|reaper)\\.(out|err)(\\.\\d+)?")).toList()) {
          assertTrue(Files.size(daemonLog) <= LIMIT, daemonLog + " is past the limit");
        }
      }

      String rotated = chatty.stream().map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".out.1"))
          .findFirst().orElseThrow();
      List<String> listed = JsonParser.parseString(cli.run("logs", "--address=" + address, "--format=json")
          .expectExit(0).out()).getAsJsonObject().getAsJsonArray("files").asList().stream()
          .map(JsonElement::getAsJsonObject).map(o -> o.get("name").getAsString()).toList();
      assertTrue(listed.contains(rotated), "jray logs lists the rotated file " + rotated + ": " + listed);
      assertTrue(cli.run("logs", "--address=" + address, rotated).expectExit(0).out().contains("chatty line"));
    }
  }

  private static boolean contains(Path file, String text) {
    return read(file).contains(text);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }
}
