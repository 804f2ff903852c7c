package io.jray.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code --version} and {@code --help} of the real command. */
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
}
