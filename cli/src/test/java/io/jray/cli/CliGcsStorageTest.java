package io.jray.cli;

import static io.jray.cli.CliBadInputTest.assertOneSentence;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jray.node.DaemonKind;
import io.jray.node.NodeFile;
import io.jray.node.NodeStopper;
import io.jray.testing.Await;
import io.jray.testing.ClusterHarness;
import io.jray.testing.TestProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * {@code jray start --head --storage=...} as a user meets it: a storage that cannot be used is one sentence at start,
 * and with a file storage a submitted job runs through a kill -9 of the GCS, while {@code jray status} says the GCS
 * is restarting and then that it restarted.
 */
@Order(6)
class CliGcsStorageTest {
  private static final String LONG_JOB = """
      package jobs;
      import io.jray.api.Ray;
      public class Steady {
        public static int work(int i) throws Exception { Thread.sleep(500); return i; }
        public static void main(String[] args) throws Exception {
          Ray.init();
          System.out.println("connected");
          long end = System.currentTimeMillis() + Long.parseLong(args[0]);
          int sum = 0, n = 0;
          while (System.currentTimeMillis() < end) { sum += Ray.task(Steady::work, n).remote().get(); n++; }
          System.out.println("done: " + n + " tasks, sum " + sum);
          Ray.shutdown();
        }
      }
      """;

  private static CliRun cli;

  @BeforeAll
  static void sandbox() {
    cli = CliRun.sandbox();
  }

  @AfterAll
  static void stop() {
    if (cli != null) {
      cli.close();
    }
  }

  private CliRun.Result startHead(Map<String, String> env, String... storage) {
    String[] args = new String[4 + storage.length];
    args[0] = "start";
    args[1] = "--head";
    args[2] = "--port=" + ClusterHarness.freePort();
    args[3] = "--temp-dir=" + cli.nodeDir("head");
    System.arraycopy(storage, 0, args, 4, storage.length);
    return cli.run(env, args);
  }

  @Test
  void theLoggingLevelReachesTheDaemons() throws IOException {
    Path headDir = cli.nodeDir("quiet");
    cli.run("start", "--head", "--port=" + ClusterHarness.freePort(), "--temp-dir=" + headDir,
        "--logging-level=warning").expectExit(0);
    Path gcsLog;
    try (var files = Files.walk(headDir)) {
      gcsLog = files.filter(f -> f.getFileName().toString().equals("gcs.err")).findFirst().orElseThrow();
    }
    String log = Files.readString(gcsLog);
    assertTrue(!log.contains(" INFO "), "--logging-level=warning: no INFO line in " + gcsLog + ":\n" + log);
    cli.run("stop", "--temp-dir=" + headDir).expectExit(0);
    assertOneSentence(startHead(Map.of(), "--logging-level=loud").expectExit(ExitCodes.USAGE),
        "--logging-level must be debug, info, warning, error or critical");
  }

  @Test
  void anUnknownStorageIsAUsageError() {
    assertOneSentence(startHead(Map.of(), "--storage=s3://bucket").expectExit(ExitCodes.USAGE),
        "Unknown GCS storage 's3://bucket'; use memory, file:<dir> or redis://host:port");
  }

  @Test
  void aRedisPasswordOnTheCommandLineIsRefused() {
    assertOneSentence(startHead(Map.of(), "--storage=redis://jray:secret@127.0.0.1:6380").expectExit(ExitCodes.USAGE),
        "A Redis password does not go in --storage");
  }

  @Test
  void aRedisThatDoesNotAnswerIsOneSentence() {
    int nobody = ClusterHarness.freePort();
    assertOneSentence(startHead(Map.of(), "--storage=redis://127.0.0.1:" + nobody).expectExit(ExitCodes.FAILED),
        "No Redis answers at redis://127.0.0.1:" + nobody);
  }

  @Test
  void aFolderThatCannotBeUsedIsOneSentence() throws IOException {
    Path file = Files.writeString(cli.dir().resolve("not-a-folder"), "x");
    assertOneSentence(startHead(Map.of(), "--storage=file:" + file.resolve("gcs")).expectExit(ExitCodes.FAILED),
        "The GCS storage folder " + file.resolve("gcs") + " cannot be used");
  }

  @Test
  void anotherClustersStorageIsRefused() {
    Path storage = cli.dir().resolve("their-gcs");
    CliRun theirs = CliRun.sandbox(); // another token
    try {
      theirs.run("start", "--head", "--port=" + ClusterHarness.freePort(), "--temp-dir=" + theirs.nodeDir("head"),
          "--storage=file:" + storage).expectExit(0);
    } finally {
      theirs.close();
    }
    assertOneSentence(startHead(Map.of(), "--storage=file:" + storage).expectExit(ExitCodes.FAILED),
        "holds another cluster's state (made with another token)");
  }

  @Test
  void aSubmittedJobRunsThroughAKilledGcsAndStatusSaysSo() throws Exception {
    int port = ClusterHarness.freePort();
    String address = "127.0.0.1:" + port;
    Path headDir = cli.nodeDir("head");
    Path storage = cli.dir().resolve("gcs");
    cli.run("start", "--head", "--port=" + port, "--temp-dir=" + headDir, "--num-cpus=1",
        "--storage=file:" + storage).expectExit(0);
    cli.run("start", "--address=" + address, "--temp-dir=" + cli.nodeDir("node"), "--num-cpus=1").expectExit(0);
    assertTrue(cli.run("status", "--temp-dir=" + headDir).expectExit(0).out()
        .contains("GCS storage: file:" + storage + "\n"));
    Path jobs = Files.createTempDirectory(TestProcesses.root(), "jobs-");
    Path jar = TestJars.jar(jobs, "steady.jar", "jobs.Steady", LONG_JOB);
    cli.run("submit", "--address=" + address, "--job-id=steady", "--no-wait", jar.toString(), "12000").expectExit(0);
    Await.until("the job's driver is connected", Duration.ofSeconds(90), () -> cli.run("job", "logs",
        "--address=" + address, "steady").out().contains("connected"));

    long gcs = gcsPid(headDir);
    signal(gcs, "STOP"); // alive but silent: its reaper keeps it, and the CLI says what may be going on
    try {
      CliRun.Result silent = cli.run(Map.of("JRAY_RPC_TIMEOUT_MS", "1500"), "status", "--temp-dir=" + headDir)
          .expectExit(ExitCodes.FAILED);
      assertOneSentence(silent, "The GCS at " + address + " is not answering; it may be restarting");
    } finally {
      signal(gcs, "CONT");
    }
    signal(gcs, "KILL");
    Await.until("jray status shows the GCS restarted", Duration.ofSeconds(60), () -> {
      CliRun.Result r = cli.run("status", "--temp-dir=" + headDir);
      return r.exitCode() == 0 && r.out().contains("(GCS restarted 1 time, last at ");
    });
    Await.until("the job ends", Duration.ofSeconds(120), () -> !"RUNNING".equals(status("steady", address)));
    assertEquals("SUCCEEDED", status("steady", address), () -> "the job went on through the GCS restart: "
        + cli.run("job", "list", "--address=" + address) + "\n" + cli.run("job", "logs", "--address=" + address,
        "steady").out());
    assertTrue(cli.run("job", "logs", "--address=" + address, "steady").expectExit(0).out().contains("done: "));
  }

  private static String status(String id, String address) {
    CliRun.Result list = cli.run("job", "list", "--address=" + address, "--format=json");
    if (list.exitCode() != 0) {
      return "unknown";
    }
    Optional<JsonObject> job = JsonParser.parseString(list.out()).getAsJsonArray().asList().stream()
        .map(JsonElement::getAsJsonObject).filter(j -> j.get("submission_id").getAsString().equals(id)).findFirst();
    return job.map(j -> j.get("status").getAsString()).orElse("missing");
  }

  private static long gcsPid(Path headDir) throws IOException {
    for (Path file : NodeStopper.nodeFiles(headDir)) {
      NodeFile node = NodeFile.read(file);
      if (node.head()) {
        return node.processes().stream().filter(d -> d.daemonKind() == DaemonKind.GCS).findFirst().orElseThrow()
            .pid();
      }
    }
    throw new AssertionError("no head node file under " + headDir);
  }

  private static void signal(long pid, String signal) throws IOException, InterruptedException {
    assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor());
  }
}
