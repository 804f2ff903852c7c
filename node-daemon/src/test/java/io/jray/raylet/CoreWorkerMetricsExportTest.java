package io.jray.raylet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.api.ObjectRef;
import io.jray.api.Ray;
import io.jray.node.NodeLauncher;
import io.jray.runtime.TestFunctions;
import io.jray.testing.Await;
import io.jray.testing.ClusterHarness;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Drivers and workers send their metrics to their node's raylet, which exports them with its own: the tasks a
 * job's workers ran, by name and outcome, and the driver's and workers' heaps are on the raylet's /metrics.
 */
class CoreWorkerMetricsExportTest {
  private static final Pattern SAMPLE = Pattern.compile("^(\\w+)\\{([^}]*)} (\\S+)$", Pattern.MULTILINE);

  @Test
  void theRayletExportsTheTasksItsWorkersRanAndTheHeapsOfItsDriverAndWorkers() throws Exception {
    System.setProperty("jray.metrics_report_interval_ms", "300");
    try (ClusterHarness cluster = ClusterHarness.create()) {
      NodeLauncher.StartedNode head = cluster.startHead(spec -> spec.withNumCpus(2.0));
      Ray.init(cluster.gcsAddress().toString());
      try {
        List<ObjectRef<Integer>> squares = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
          squares.add(Ray.task(TestFunctions::square, i).remote());
        }
        assertEquals(55, squares.stream().mapToInt(ObjectRef::get).sum());
        for (int i = 0; i < 2; i++) {
          ObjectRef<Integer> failed = Ray.task(TestFunctions::fail, "on purpose").remote();
          assertThrows(RuntimeException.class, failed::get);
        }
        String url = "http://127.0.0.1:" + head.nodeFile().ports().get("raylet_metrics") + "/metrics";
        HttpClient http = HttpClient.newHttpClient();
        String[] text = new String[1];
        try {
          Await.until("the raylet exports its workers' tasks and the driver's heap", Duration.ofSeconds(30), () -> {
            text[0] = scrape(http, url, cluster.token().value());
            return sum(text[0], "jray_core_worker_tasks_total", "square", "FINISHED") == 6
                && sum(text[0], "jray_core_worker_tasks_total", "fail", "FAILED") == 2
                && sum(text[0], "jray_core_worker_heap_used_bytes", "driver", "") > 0
                && sum(text[0], "jray_core_worker_heap_used_bytes", "worker", "") > 0;
          });
        } catch (AssertionError e) {
          throw new AssertionError(e.getMessage() + "; the raylet exports:\n" + text[0].lines()
              .filter(l -> l.contains("core_worker") || !l.startsWith("jray_") && !l.startsWith("#")
                  && !l.startsWith("jvm_") && !l.startsWith("process_"))
              .collect(java.util.stream.Collectors.joining("\n")), e);
        }
        assertTrue(sum(text[0], "jray_core_worker_task_run_seconds_total", "square", "") > 0, text[0]);
      } finally {
        Ray.shutdown();
      }
    } finally {
      System.clearProperty("jray.metrics_report_interval_ms");
    }
  }

  /** The sum of the values of {@code name} whose labels hold both words (an empty word matches any). */
  private static double sum(String text, String name, String word1, String word2) {
    double total = 0;
    Matcher m = SAMPLE.matcher(text);
    while (m.find()) {
      if (m.group(1).equals(name) && m.group(2).contains(word1) && m.group(2).contains(word2)) {
        total += Double.parseDouble(m.group(3));
      }
    }
    return total;
  }

  private static String scrape(HttpClient http, String url, String token) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    } catch (Exception e) {
      return "";
    }
  }
}
