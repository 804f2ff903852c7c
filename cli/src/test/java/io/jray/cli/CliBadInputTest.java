package io.jray.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.testing.ClusterHarness;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Every bad input ends with its exit code and one plain sentence (plus at most a usage hint), never a stack
 * trace, and leaves nothing running. The cases that need a live cluster share one head.
 */
@Order(2)
class CliBadInputTest {
  private static CliRun cli;
  private static String liveAddress;
  private static String rayletAddress;

  @BeforeAll
  static void startHead() {
    cli = CliRun.sandbox();
    int port = ClusterHarness.freePort();
    int rayletPort = ClusterHarness.freePort();
    cli.run("start", "--head", "--port=" + port, "--temp-dir=" + cli.nodeDir("head"), "--node-ip-address=127.0.0.1",
        "--num-cpus=1", "--object-store-memory=128MiB", "--node-manager-port=" + rayletPort).expectExit(ExitCodes.OK);
    liveAddress = "127.0.0.1:" + port;
    rayletAddress = "127.0.0.1:" + rayletPort;
  }

  @AfterAll
  static void stopHead() {
    if (cli != null) {
      cli.close();
    }
  }

  @Test
  void anUnknownOptionIsAUsageError() {
    CliRun.Result r = cli.run("start", "--head", "--no-such-option").expectExit(ExitCodes.USAGE);
    assertOneSentence(r, "--no-such-option");
  }

  @Test
  void aMistypedOptionSuggestsTheRightOne() {
    CliRun.Result r = cli.run("start", "--head", "--num-cpu=2").expectExit(ExitCodes.USAGE);
    assertOneSentence(r, "did you mean --num-cpus");
  }

  @Test
  void aNegativeCpuCountIsAUsageError() {
    CliRun.Result r = cli.run("start", "--head", "--num-cpus=-1", "--temp-dir=" + cli.nodeDir("neg"))
        .expectExit(ExitCodes.USAGE);
    assertOneSentence(r, "--num-cpus");
  }

  @Test
  void aCpuCountThatIsNoNumberIsAUsageError() {
    CliRun.Result r = cli.run("start", "--head", "--num-cpus=NaN", "--temp-dir=" + cli.nodeDir("nan"))
        .expectExit(ExitCodes.USAGE);
    assertOneSentence(r, "--num-cpus must be a number");
  }

  @Test
  void resourcesThatAreNotJsonAreAUsageError() {
    CliRun.Result r = cli.run("start", "--head", "--resources={bad", "--temp-dir=" + cli.nodeDir("json"))
        .expectExit(ExitCodes.USAGE);
    assertOneSentence(r, "--resources");
  }

  @Test
  void aTakenPortFailsNamingThePortAndStartsNothing() throws Exception {
    Path tempDir = cli.nodeDir("taken");
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      CliRun.Result r = cli.run("start", "--head", "--port=" + port, "--temp-dir=" + tempDir,
          "--node-ip-address=127.0.0.1", "--num-cpus=1").expectExit(ExitCodes.FAILED);
      assertOneSentence(r, "Port " + port);
      assertNothingRunsIn(tempDir);
    }
  }

  @Test
  void aSecondHeadAtALiveAddressIsRefused() {
    Path tempDir = cli.nodeDir("second-head");
    String port = liveAddress.substring(liveAddress.indexOf(':') + 1);
    CliRun.Result r = cli.run("start", "--head", "--port=" + port, "--temp-dir=" + tempDir,
        "--node-ip-address=127.0.0.1", "--num-cpus=1").expectExit(ExitCodes.FAILED);
    assertOneSentence(r, "already running at " + liveAddress);
    assertNothingRunsIn(tempDir);
  }

  @Test
  void joiningWhereNothingListensFails() {
    Path tempDir = cli.nodeDir("join-nowhere");
    String nowhere = "127.0.0.1:" + ClusterHarness.freePort();
    CliRun.Result r = cli.run(Map.of("JRAY_GCS_CONNECT_TIMEOUT_MS", "2000"),
        "start", "--address=" + nowhere, "--temp-dir=" + tempDir, "--num-cpus=1").expectExit(ExitCodes.FAILED);
    assertOneSentence(r, nowhere);
    assertNothingRunsIn(tempDir);
  }

  @Test
  void aWrongTokenIsRejected() {
    CliRun.Result r = cli.run(Map.of("JRAY_AUTH_TOKEN", "wrong"), "status", "--address=" + liveAddress)
        .expectExit(ExitCodes.FAILED);
    assertOneSentence(r, "rejected the cluster token");
  }

  @Test
  void anAddressWhereSomethingElseAnswersIsNotTakenForAGcs() {
    CliRun.Result r = cli.run("status", "--address=" + rayletAddress).expectExit(ExitCodes.FAILED);
    assertOneSentence(r, "What answers at " + rayletAddress + " is not a jray cluster's GCS");
  }

  @Test
  void statusWithNoClusterRecordedSaysSo() {
    Path empty = cli.nodeDir("nothing-recorded");
    CliRun.Result r = cli.run("status", "--temp-dir=" + empty).expectExit(ExitCodes.FAILED);
    assertOneSentence(r, "No jray cluster is recorded in " + empty);
  }

  @Test
  void statusWhereNoClusterRunsSaysSo() {
    String nowhere = "127.0.0.1:" + ClusterHarness.freePort();
    CliRun.Result r = cli.run("status", "--address=" + nowhere).expectExit(ExitCodes.FAILED);
    assertOneSentence(r, "No jray cluster is running at " + nowhere);
  }

  @Test
  void statusWithAStaleAddressFileSaysTheFileIsStale() throws Exception {
    Path tempDir = cli.nodeDir("stale");
    String nowhere = "127.0.0.1:" + ClusterHarness.freePort();
    Files.writeString(tempDir.resolve("jray_current_cluster"), nowhere);
    CliRun.Result r = cli.run("status", "--temp-dir=" + tempDir).expectExit(ExitCodes.FAILED);
    assertOneSentence(r, "stale");
  }

  /** stderr is one sentence that contains {@code expected}, plus at most the usage hint; no stack trace. */
  @Test
  void aHeadWhoseExternalSchedulerDoesNotListenFailsInOneSentenceAndStartsNothing() {
    Path tempDir = cli.nodeDir("no-scheduler");
    int nobody = ClusterHarness.freePort();
    CliRun.Result r = cli.run("start", "--head", "--port=" + ClusterHarness.freePort(), "--temp-dir=" + tempDir,
        "--node-ip-address=127.0.0.1", "--num-cpus=1", "--external-scheduler=127.0.0.1:" + nobody)
        .expectExit(ExitCodes.FAILED);
    assertOneSentence(r, "No external scheduler answers at 127.0.0.1:" + nobody);
    assertNothingRunsIn(tempDir);
  }

  @Test
  void anExternalSchedulerThatIsNoAddressIsAUsageError() {
    CliRun.Result r = cli.run("start", "--head", "--external-scheduler=nowhere", "--temp-dir=" + cli.nodeDir("es"))
        .expectExit(ExitCodes.USAGE);
    assertOneSentence(r, "--external-scheduler must be host:port");
  }

  @Test
  void aJoiningNodeCannotTalkToAnExternalScheduler() {
    CliRun.Result r = cli.run("start", "--address=" + liveAddress, "--external-scheduler=127.0.0.1:44444",
        "--temp-dir=" + cli.nodeDir("es-join")).expectExit(ExitCodes.USAGE);
    assertOneSentence(r, "--external-scheduler is for the head");
  }

  @Test
  void anUnknownSchedulerPolicyIsAUsageError() {
    CliRun.Result r = cli.run("external-scheduler", "--policy=fifo").expectExit(ExitCodes.USAGE);
    assertOneSentence(r, "--policy must be least-placed, pack, spread or random");
  }

  @Test
  void aReferenceSchedulerOnATakenPortFailsInOneSentence() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      CliRun.Result r = cli.run("external-scheduler", "--port=" + taken.getLocalPort()).expectExit(ExitCodes.FAILED);
      assertOneSentence(r, "Cannot listen on 127.0.0.1:" + taken.getLocalPort() + " (");
      assertTrue(r.err().strip().lines().findFirst().orElseThrow()
          .endsWith("; choose another --host or --port."), r::toString);
    }
  }

  static void assertOneSentence(CliRun.Result r, String expected) {
    List<String> lines = r.err().strip().lines().toList();
    assertTrue(lines.size() == 1 || lines.size() == 2 && lines.get(1).startsWith("Try 'jray"), r::toString);
    assertTrue(lines.get(0).contains(expected), () -> "expected '" + expected + "' in:\n" + r);
    assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r::toString);
    assertEquals(r.exitCode() == ExitCodes.USAGE, lines.size() == 2, () -> "a usage hint only for usage errors:\n" + r);
  }

  private static void assertNothingRunsIn(Path tempDir) {
    String marker = tempDir.toString();
    assertEquals(List.of(), cli.leftRunning().stream().filter(p -> p.contains(marker)).toList());
  }
}
