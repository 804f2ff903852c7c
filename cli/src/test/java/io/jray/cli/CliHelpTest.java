package io.jray.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --version} and {@code --help} of the real command, and an example in the help of every command. */
class CliHelpTest {
  private static CliRun cli;

  @BeforeAll
  static void sandbox() {
    cli = CliRun.sandbox();
  }

  @AfterAll
  static void close() {
    cli.close();
  }

  @Test
  void versionPrintsTheVersionAndExitsZero() {
    CliRun.Result r = cli.run("--version").expectExit(ExitCodes.OK);
    assertTrue(r.out().startsWith("jray "), r::toString);
    assertEquals("", r.err(), r::toString);
  }

  @Test
  void startHelpShowsAnExampleAndExitsZero() {
    CliRun.Result r = cli.run("start", "--help").expectExit(ExitCodes.OK);
    assertTrue(r.out().contains("Examples:"), r::toString);
    assertTrue(r.out().contains("jray start --head"), r::toString);
    assertTrue(r.out().contains("--num-cpus"), r::toString);
  }

  /** Walks the whole command model: a new command without --help or an example fails here. */
  @Test
  void everyCommandHasHelpWithAnExampleOfItself() {
    List<String> missing = new ArrayList<>();
    List<CommandLine> all = new ArrayList<>(List.of(Main.commandLine()));
    for (int i = 0; i < all.size(); i++) {
      CommandLine command = all.get(i);
      all.addAll(command.getSubcommands().values());
      CommandLine.Model.CommandSpec spec = command.getCommandSpec();
      String name = spec.qualifiedName();
      if (!spec.optionsMap().containsKey("--help")) {
        missing.add(name + ": no --help");
      }
      String heading = spec.usageMessage().footerHeading();
      boolean example = heading != null && heading.contains("Examples:")
          && Arrays.stream(spec.usageMessage().footer()).anyMatch(line -> line.contains(name));
      if (!example) {
        missing.add(name + ": no 'Examples:' footer with a line that uses '" + name + "'");
      }
      if (example && !command.getUsageMessage().contains("Examples:")) {
        missing.add(name + ": the footer does not show in --help");
      }
    }
    assertTrue(all.size() > 10, "the walk found the subcommands: " + all.size());
    assertEquals(List.of(), missing);
  }
}
