package io.jray.bench.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every measure runs once with tiny sizes and rounds: each prints Ray's line, and ends every process it started.
 * A check that each still works, not a measurement (no thresholds).
 */
class PeersMainTest {
  /** No warm-up, four rounds of 50 ms, sizes at 0.1% (100 KiB values, batches of 1). */
  private static final List<String> SMOKE = List.of("--warmup=0", "--duration=0.2", "--scale=0.001");
  private static final String LINE = "[a-z0-9_]+ per second \\d+\\.\\d{1,2} \\+- \\d+\\.\\d{1,2}";

  private record Run(int exitCode, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }
  }

  @AfterEach
  void noProcessIsLeftBehind() {
    assertEquals(List.of(), ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
        .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList());
  }

  @Test
  void everyMeasurePrintsRaysLine() {
    Run run = run(Stream.concat(Stream.of("--in-this-jvm"), SMOKE.stream()).toArray(String[]::new));
    assertEquals(0, run.exitCode(), run.err());
    assertEquals(Measures.names(), run.lines().stream().map(l -> l.split(" ")[0]).toList(), run.err());
    run.lines().forEach(l -> assertTrue(l.matches(LINE), l));
  }

  @Test
  void eachMeasureRunsInAJvmOfItsOwn() {
    Run run = run(Stream.concat(SMOKE.stream(), Stream.of("limit_java_arraycopy", "limit_tcp_loopback_roundtrip"))
        .toArray(String[]::new));
    assertEquals(0, run.exitCode(), run.err());
    assertEquals(2, run.lines().size(), run.out());
    run.lines().forEach(l -> assertTrue(l.matches(LINE), l));
  }

  @Test
  void anUnknownMeasureIsRefusedWithTheNamesThereAre() {
    Run run = run("limit_warp_drive");
    assertEquals(CommandLine.ExitCode.USAGE, run.exitCode());
    assertTrue(run.err().contains("hazelcast_tasks_sync"), run.err());
  }

  @Test
  void aServerThatExitsBeforeItsPortIsReportedFailsItsStart() {
    IOException e =
        assertThrows(IOException.class, () -> ChildJvm.start(JvmSpawnLimit.Exit.class, List.of(), List.of()));
    assertTrue(e.getMessage().contains("exited before it reported its port"), e.getMessage());
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = new CommandLine(new PeersMain()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    return new Run(code, out.toString(), err.toString());
  }
}
