package io.jray.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The checked-in completion scripts match the command model; when a command changes, regenerate them with
 * {@code java -cp "$(./jray classpath --all)" io.jray.cli.CompletionCommand completions}.
 */
class CompletionsUpToDateTest {
  private static final Path COMPLETIONS = Path.of(System.getProperty("user.dir")).resolve("../completions");

  @Test
  void checkedInCompletionScriptsMatchTheCommands() throws IOException {
    String hint = " is out of date: regenerate with java -cp \"$(./jray classpath --all)\" io.jray.cli.CompletionCommand completions";
    assertEquals(CompletionCommand.script(CompletionCommand.Shell.bash),
        Files.readString(COMPLETIONS.resolve("jray.bash")), "completions/jray.bash" + hint);
    assertEquals(CompletionCommand.script(CompletionCommand.Shell.zsh),
        Files.readString(COMPLETIONS.resolve("_jray")), "completions/_jray" + hint);
  }

  @Test
  void completionCommandPrintsTheBashScript() {
    try (CliRun cli = CliRun.sandbox()) {
      String out = cli.run("completion", "bash").expectExit(0).out();
      assertTrue(out.contains("complete") && out.contains("submit") && out.contains("--temp-dir"), out);
      cli.run("completion", "fish").expectExit(2);
    }
  }
}
