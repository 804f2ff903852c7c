package io.jray.cli.launcher;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.cli.Main;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every cluster command has --help with examples (checked in-process: no JVM per command). */
class ClusterCommandsHelpTest {
  @Test
  void everyClusterCommandHasHelpWithExamples() {
    CommandLine jray = Main.commandLine();
    for (String name : List.of("up", "down", "exec", "attach", "rsync-up", "rsync-down", "get-head-ip")) {
      String help = jray.getSubcommands().get(name).getUsageMessage();
      assertTrue(help.contains("Examples:") && help.contains("  jray " + name + " "), name + ":\n" + help);
      assertTrue(help.contains("CLUSTER.YAML"), name + " takes the cluster file:\n" + help);
    }
    String submit = jray.getSubcommands().get("submit").getUsageMessage();
    assertTrue(submit.contains("--cluster=<cluster.yaml>"), submit);
  }
}
