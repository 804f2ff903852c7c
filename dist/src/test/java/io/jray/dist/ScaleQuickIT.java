package io.jray.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.testing.Await;
import io.jray.testing.TestProcesses;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * CI's smoke run of the scalability envelope (issue 23): {@code bench/scale.sh --quick} against the unpacked
 * tarball's {@code jray} prints every figure line the envelope promises, each a number, and leaves nothing running.
 * It checks that the tool works, not what it measures.
 */
class ScaleQuickIT {
  /** The lines issue 23 names, at the quick run's sizes. */
  private static final List<String> FIGURES = List.of("gcs_heap_mb_at_100_nodes", "status_ms_at_100_nodes",
      "status_command_ms_at_100_nodes", "dead_node_detect_s_at_100_nodes", "owner_heap_bytes_per_pending_task",
      "owner_heap_bytes_per_owned_object", "idle_actor_worker_rss_mb", "actor_placements_per_s_at_100_nodes",
      "placement_groups_created_per_s_at_100_nodes");

  @Test
  @Timeout(240)
  void quickRunPrintsEveryFigureAndLeavesNothingRunning() throws IOException {
    Path root = Files.createTempDirectory(TestProcesses.root(), "scale-quick-");
    Path script = Path.of("..", "bench", "scale.sh").toAbsolutePath().normalize();
    try {
      Path jray = DistributionIT.unpack(root.resolve("dist"));
      Map<String, String> env = Map.of("JRAY", jray.toString(), "TMPDIR", root.toString(),
          "HOME", root.resolve("home").toString(),
          "JRAY_AUTH_TOKEN_FILE", root.resolve("home/.jray/token").toString());
      DistributionIT.Result run = DistributionIT.run(root, env, "bash", script.toString(), "--quick");
      assertEquals(0, run.exitCode(), run.out());
      for (String figure : FIGURES) {
        assertTrue(Pattern.compile("(?m)^" + figure + " \\d+(\\.\\d+)?$").matcher(run.out()).find(),
            figure + " is printed with a number:\n" + run.out());
      }
    } finally {
      String marker = root.toString();
      try {
        Await.until("nothing of " + root + " runs", Duration.ofSeconds(60),
            () -> TestProcesses.leftRunning().stream().noneMatch(p -> p.contains(marker)));
      } finally {
        TestProcesses.leftRunning().stream().filter(p -> p.contains(marker))
            .forEach(p -> ProcessHandle.of(Long.parseLong(p.substring(0, p.indexOf(' '))))
                .ifPresent(ProcessHandle::destroyForcibly));
        try (Stream<Path> all = Files.walk(root)) {
          all.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException | UncheckedIOException e) {
          // only tidiness: the test root is under the system temp dir
        }
      }
    }
  }
}
