package io.jray.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** {@code jray microbenchmark}: a filtered run on a local cluster of its own, its help, and its bad input. */
@Order(2)
class CliMicrobenchmarkTest {
  private static CliRun cli;

  @BeforeAll
  static void sandbox() {
    cli = CliRun.sandbox();
  }

  @AfterAll
  static void close() {
    cli.close(); // fails if the local cluster or a benchmark driver is left running
  }

  @Test
  void aFilterRunsOnlyTheWorkloadsWhoseNameContainsItOnALocalCluster() {
    CliRun.Result r = cli.run("microbenchmark", "--filter=put_calls", "--warmup=0", "--duration=0.4")
        .expectExit(ExitCodes.OK);
    List<String> lines = r.out().strip().lines().toList();
    assertEquals(2, lines.size(), r::toString);
    String rate = " per second \\d+\\.\\d{1,2} \\+- \\d+\\.\\d{1,2}";
    assertTrue(lines.get(0).matches("single_client_put_calls" + rate), r::toString);
    assertTrue(lines.get(1).matches("multi_client_put_calls" + rate), r::toString);
    assertTrue(r.err().contains("load average"), r::toString);
  }

  @Test
  void helpShowsAnExample() {
    CliRun.Result r = cli.run("microbenchmark", "--help").expectExit(ExitCodes.OK);
    assertTrue(r.out().contains("Examples:") && r.out().contains("jray microbenchmark --filter="), r::toString);
  }

  @Test
  void anUnknownOptionIsAUsageError() {
    assertOneSentence(cli.run("microbenchmark", "--rounds=3").expectExit(ExitCodes.USAGE), "--rounds=3");
  }

  @Test
  void aDurationThatIsNotPositiveIsAUsageError() {
    assertOneSentence(cli.run("microbenchmark", "--duration=0").expectExit(ExitCodes.USAGE), "--duration");
    assertOneSentence(cli.run("microbenchmark", "--warmup=soon").expectExit(ExitCodes.USAGE), "--warmup");
  }

  @Test
  void aFilterThatMatchesNothingIsAUsageErrorNamingTheWorkloads() {
    assertOneSentence(cli.run("microbenchmark", "--filter=no_such").expectExit(ExitCodes.USAGE),
        "No workload name contains 'no_such'; the workloads are single_client_get_calls");
  }

  @Test
  void aBadAddressIsAUsageError() {
    assertOneSentence(cli.run("microbenchmark", "--address=nowhere").expectExit(ExitCodes.USAGE), "host:port");
  }

  /** stderr is one sentence that contains {@code expected} and the usage hint; no stack trace. */
  private static void assertOneSentence(CliRun.Result r, String expected) {
    List<String> lines = r.err().strip().lines().toList();
    assertEquals(2, lines.size(), r::toString);
    assertTrue(lines.get(0).contains(expected), () -> "expected '" + expected + "' in:\n" + r);
    assertTrue(lines.get(1).startsWith("Try 'jray microbenchmark --help'"), r::toString);
    assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r::toString);
  }
}
