package io.jray.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jray.testing.ClusterHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * {@code jray logs}, {@code jray list workers} and {@code jray shell} against one real two-node cluster (both
 * nodes on 127.0.0.1), the shell and {@code logs --follow} driven through a real terminal (tmux).
 */
@Order(7)
class CliLogsWorkersShellTest {
  private static CliRun cli;
  private static String address;
  private static Path headDir;
  private static String headId;
  private static String nodeId;

  @BeforeAll
  static void startCluster() {
    cli = CliRun.sandbox();
    int port = ClusterHarness.freePort();
    address = "127.0.0.1:" + port;
    headDir = cli.nodeDir("head");
    CliRun.Result head = cli.run("start", "--head", "--port=" + port, "--temp-dir=" + headDir,
        "--node-ip-address=127.0.0.1", "--num-cpus=1", "--object-store-memory=128MiB").expectExit(0);
    // Not a terminal: the progress is plain lines, and the line scripts use is there.
    assertFalse(head.out().contains("\r"), head::toString);
    assertTrue(head.out().contains("Started the raylet on port") && head.out().contains("jray start --address='"),
        head::toString);
    cli.run("start", "--address=" + address, "--temp-dir=" + cli.nodeDir("node"), "--num-cpus=1",
        "--object-store-memory=128MiB").expectExit(0);
    for (JsonElement n : json("list", "nodes").getAsJsonArray()) {
      JsonObject node = n.getAsJsonObject();
      if (node.get("is_head_node").getAsBoolean()) {
        headId = node.get("node_id").getAsString();
      } else {
        nodeId = node.get("node_id").getAsString();
      }
    }
    // A driver makes a detached actor: its worker stays after the driver ends.
    cli.runMain("io.jray.runtime.ActorDriver", address, "logs-" + UUID.randomUUID()).expectExit(0);
  }

  @AfterAll
  static void stopCluster() {
    if (cli != null) {
      cli.close();
    }
  }

  private static JsonElement json(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--address=" + address, "--format=json"));
    return JsonParser.parseString(cli.run(all.toArray(String[]::new)).expectExit(0).out());
  }

  private static CliRun.Result logs(String... args) {
    List<String> all = new ArrayList<>(List.of("logs", "--address=" + address));
    all.addAll(List.of(args));
    return cli.run(all.toArray(String[]::new));
  }

  @Test
  void logsListsPrintsAndTailsTheHeadsFiles() {
    JsonObject listing = json("logs").getAsJsonObject();
    assertEquals(headId, listing.get("node_id").getAsString());
    assertEquals("127.0.0.1", listing.get("node_ip").getAsString());
    assertTrue(listing.get("logs_dir").getAsString().startsWith(headDir.toString()), listing::toString);
    JsonObject raylet = file(listing, "raylet.err");
    assertTrue(raylet.get("size_bytes").getAsLong() > 0, raylet::toString);
    Instant.parse(raylet.get("modified").getAsString());
    assertTrue(names(listing).containsAll(List.of("gcs.err", "object_store.err", "reaper.err")), listing::toString);

    String whole = logs("raylet.err").expectExit(0).out();
    assertTrue(whole.contains("raylet listening on port"), whole);
    String[] lines = whole.split("\n");
    assertEquals(lines[lines.length - 1] + "\n", logs("raylet.err", "--tail", "1").expectExit(0).out());
    String table = logs().expectExit(0).out();
    assertTrue(table.contains("NAME") && table.contains("raylet.err") && table.contains(headId), table);
  }

  @Test
  void logsOfAnotherNodeThroughItsRaylet() {
    JsonObject listing = json("logs", "--node", nodeId.substring(0, 8)).getAsJsonObject();
    assertEquals(nodeId, listing.get("node_id").getAsString());
    assertTrue(names(listing).contains("raylet.err") && !names(listing).contains("gcs.err"), listing::toString);
    // Both nodes are at 127.0.0.1: the IP alone does not say which.
    CliRun.Result ambiguous = logs("--node", "127.0.0.1").expectExit(ExitCodes.USAGE);
    assertTrue(ambiguous.err().startsWith("'127.0.0.1' matches 2 nodes"), ambiguous::toString);
  }

  @Test
  void logsRefusesPathsOutsideTheLogsFolderAndSaysWhatIsUnknown() {
    for (String outside : List.of("../node_" + headId + ".json", "/etc/passwd")) {
      CliRun.Result r = logs(outside).expectExit(ExitCodes.USAGE);
      assertTrue(r.err().contains("is not a file of the node's logs folder"), r::toString);
      assertEquals("", r.out(), r::toString);
    }
    CliRun.Result unknownFile = logs("nope.log").expectExit(ExitCodes.FAILED);
    assertEquals(1, unknownFile.err().lines().count(), unknownFile::toString);
    assertTrue(unknownFile.err().startsWith("There is no log file 'nope.log'"), unknownFile::toString);
    CliRun.Result unknownNode = logs("--node", "ffffffff").expectExit(ExitCodes.FAILED);
    assertEquals("No node of the cluster has the id or IP 'ffffffff'; 'jray list nodes' lists them.\n",
        unknownNode.err(), unknownNode::toString);
  }

  @Test
  void listWorkersShowsTheWorkerThatHoldsTheActor() {
    JsonArray workers = json("list", "workers").getAsJsonArray();
    JsonObject actor = null;
    for (JsonElement w : workers) {
      JsonObject worker = w.getAsJsonObject();
      assertEquals("JAVA", worker.get("language").getAsString());
      assertTrue(List.of(headId, nodeId).contains(worker.get("node_id").getAsString()), worker::toString);
      assertTrue(worker.get("worker_id").getAsString().matches("[0-9a-f]{56}"), worker::toString);
      if (worker.get("state").getAsString().equals("ACTOR")) {
        actor = worker;
      }
    }
    assertTrue(actor != null, "a worker holds the detached actor: " + workers);
    assertEquals("127.0.0.1", actor.get("node_ip").getAsString());
    assertTrue(ProcessHandle.of(actor.get("pid").getAsLong()).isPresent(), actor::toString);
    assertTrue(actor.get("port").getAsInt() > 0, actor::toString);
    assertTrue(actor.get("job_id").getAsString().matches("[0-9a-f]+"), actor::toString);
    JsonArray filtered = json("list", "workers", "--filter", "state=ACTOR", "--limit", "1").getAsJsonArray();
    assertEquals(1, filtered.size(), filtered::toString);
  }

  /**
   * Through a real terminal: the shell completes a node id with Tab, runs logs and status, survives a failing
   * command, follows a log until Ctrl-C, and leaves on Ctrl-D with its history saved; then a standalone
   * {@code logs --follow} prints appended lines and ends with exit 0 on Ctrl-C.
   */
  @Test
  void shellAndFollowThroughATerminal() throws IOException {
    Path logsDir = Path.of(json("logs").getAsJsonObject().get("logs_dir").getAsString());
    Path followed = Files.writeString(logsDir.resolve("followed.log"), "first line\n");
    try (Tmux tmux = new Tmux(cli.dir(), cli.environment())) {
      tmux.open("shell", CliRun.command("shell", "--temp-dir=" + headDir));
      tmux.awaitScreen("shell", "the prompt", s -> s.contains("jray> "));
      tmux.type("shell", "logs --node " + headId.substring(0, 8));
      tmux.press("shell", "Tab");
      tmux.awaitScreen("shell", "Tab completes the head's id", s -> s.contains("jray> logs --node " + headId));
      tmux.press("shell", "Enter");
      tmux.awaitScreen("shell", "the head's logs", s -> s.contains("raylet.err") && s.contains("followed.log"));

      tmux.type("shell", "logs --node nosuch");
      tmux.press("shell", "Enter");
      tmux.awaitScreen("shell", "one sentence", s -> s.contains("No node of the cluster has the id or IP 'nosuch'"));
      tmux.type("shell", "status");
      tmux.press("shell", "Enter");
      tmux.awaitScreen("shell", "the status after the error", s -> s.contains("Active:") && s.contains("node_" + headId));

      tmux.type("shell", "logs followed.log --follow");
      tmux.press("shell", "Enter");
      tmux.awaitScreen("shell", "the followed log", s -> s.contains("first line"));
      Files.writeString(followed, "second line\n", StandardOpenOption.APPEND);
      tmux.awaitScreen("shell", "the appended line", s -> s.contains("second line"));
      tmux.press("shell", "C-c");
      // Keys typed before the prompt is back would reach the ending command's terminal: wait for it.
      tmux.awaitScreen("shell", "a prompt after Ctrl-C", s -> promptAfter(s, "second line"));
      tmux.type("shell", "half typed");
      tmux.awaitScreen("shell", "the half-typed line", s -> s.contains("jray> half typed"));
      tmux.press("shell", "C-c"); // drops the line
      tmux.awaitScreen("shell", "a prompt after the dropped line", s -> promptAfter(s, "half typed"));
      tmux.type("shell", "help");
      tmux.press("shell", "Enter");
      String afterCtrlC = tmux.awaitScreen("shell", "the shell after Ctrl-C", s -> s.contains("'help COMMAND'"));
      assertFalse(afterCtrlC.contains("'half'"), afterCtrlC);
      tmux.press("shell", "C-d");
      assertEquals(ExitCodes.OK, tmux.awaitExitCode("shell"), "the last command (help) succeeded");
      String history = Files.readString(cli.dir().resolve("history"));
      assertTrue(history.contains("logs --node " + headId) && history.contains("status"), history);

      tmux.open("follow", CliRun.command("logs", "--temp-dir=" + headDir, "followed.log", "--follow"));
      tmux.awaitScreen("follow", "the log so far", s -> s.contains("second line"));
      Files.writeString(followed, "third line\n", StandardOpenOption.APPEND);
      tmux.awaitScreen("follow", "the appended line", s -> s.contains("third line"));
      tmux.press("follow", "C-c");
      assertEquals(ExitCodes.OK, tmux.awaitExitCode("follow"));
    }
  }

  /** The screen shows a fresh prompt after the last place {@code text} is. */
  private static boolean promptAfter(String screen, String text) {
    int at = screen.lastIndexOf(text);
    return at >= 0 && screen.substring(at + text.length()).contains("jray>");
  }

  private static List<String> names(JsonObject listing) {
    List<String> names = new ArrayList<>();
    listing.getAsJsonArray("files").forEach(f -> names.add(f.getAsJsonObject().get("name").getAsString()));
    return names;
  }

  private static JsonObject file(JsonObject listing, String name) {
    for (JsonElement f : listing.getAsJsonArray("files")) {
      if (f.getAsJsonObject().get("name").getAsString().equals(name)) {
        return f.getAsJsonObject();
      }
    }
    throw new AssertionError("no " + name + " in " + listing);
  }
}
