package io.jray.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.jline.reader.Candidate;
import org.junit.jupiter.api.Test;

/** What Tab offers in {@code jray shell}, from the real command model and stand-in live values. */
class ShellCompleterTest {
  private static final String NODE_ID = "3f2a0000000000000000000000000000000000000000000000000001";
  private final ShellCompleter completer = new ShellCompleter(Main.commandLine().getCommandSpec(), label -> Map.of(
      LiveValues.NODE, List.of(new LiveValues.Value(NODE_ID, "127.0.0.1 head")),
      LiveValues.JOB, List.of(new LiveValues.Value("jraysubmit_ab12", "RUNNING")),
      LiveValues.FILTER, List.of(new LiveValues.Value("name=counter", "Counter ALIVE"))).getOrDefault(label, List.of()));

  private List<String> values(String current, String... before) {
    return completer.candidates(List.of(before), current).stream().map(Candidate::value).toList();
  }

  @Test
  void commandsAndTheShellsOwnWordsFirst() {
    List<String> first = values("");
    assertTrue(first.containsAll(List.of("start", "status", "logs", "list", "shell", "help", "exit")), first::toString);
    assertTrue(values("", "jray").contains("status"));
    assertTrue(values("", "help").containsAll(List.of("start", "job")), "help completes command names");
    assertEquals(List.of("list", "status", "logs", "stop"), values("", "job"));
  }

  @Test
  void optionsOfTheCommandBeingTyped() {
    List<String> options = values("-", "status");
    assertTrue(options.containsAll(List.of("-v", "--detail", "--address", "--format", "--help")), options::toString);
    assertTrue(values("--f", "list", "workers").containsAll(List.of("--filter", "--format")));
  }

  @Test
  void declaredValuesOfOptionsAndParameters() {
    assertEquals(List.of("nodes", "actors", "jobs", "tasks", "objects", "workers", "placement-groups"),
        values("", "list"));
    assertEquals(List.of("table", "json"), values("", "list", "nodes", "--format"));
    assertEquals(List.of("--format=table", "--format=json"), values("--format=", "status"));
    assertEquals(List.of("bash", "zsh"), values("", "completion"));
  }

  @Test
  void liveValuesWhereTheLabelAsksForThem() {
    assertEquals(List.of(NODE_ID), values("", "logs", "--node"));
    assertEquals(List.of("jraysubmit_ab12"), values("", "job", "logs"));
    assertEquals(List.of("name=counter"), values("", "list", "actors", "--filter"));
    // Once the node is given, and the FILE, only options are left to offer.
    List<String> after = values("", "logs", "--node", NODE_ID, "raylet.out");
    assertTrue(after.contains("--follow") && !after.contains(NODE_ID), after::toString);
  }
}
