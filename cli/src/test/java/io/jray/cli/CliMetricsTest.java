package io.jray.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.jray.testing.Await;
import io.jray.testing.ClusterHarness;
import io.jray.testing.TestProcesses;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Prometheus metrics as an operator meets them: {@code jray metrics prometheus-config} writes a scrape config over
 * the head's discovery list, a real Prometheus (Debian's) scrapes a head and a second node with the cluster token,
 * and PromQL sees both nodes and the tasks a submitted job ran; a scrape without the token gets 401. The
 * workers' and the driver's own metrics are on their raylets' endpoints.
 */
@Order(6)
class CliMetricsTest {
  private static final String JOB = """
      package jobs;
      import io.jray.api.ObjectRef;
      import io.jray.api.Ray;
      import java.util.*;
      public class Squares {
        public static int square(int x) { return x * x; }
        public static void main(String[] args) {
          Ray.init();
          List<ObjectRef<Integer>> refs = new ArrayList<>();
          for (int i = 0; i < 12; i++) refs.add(Ray.task(Squares::square, i).remote());
          System.out.println("sum " + Ray.get(refs).stream().mapToInt(Integer::intValue).sum());
          Ray.put("counted on the head's raylet");
          Ray.shutdown();
        }
      }
      """;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void prometheusScrapesEveryDaemonOfBothNodesAndCountsTheTasksAJobRan() throws Exception {
    try (CliRun cli = CliRun.sandbox()) {
      int port = ClusterHarness.freePort();
      String address = "127.0.0.1:" + port;
      Path headDir = cli.nodeDir("head");
      // Drivers and workers report to their raylet every 0.5 s here (10 s by default).
      Map<String, String> quickReports = Map.of("JRAY_METRICS_REPORT_INTERVAL_MS", "500");
      cli.run(quickReports, "start", "--head", "--port=" + port, "--temp-dir=" + headDir, "--num-cpus=1")
          .expectExit(0);
      cli.run(quickReports, "start", "--address=" + address, "--temp-dir=" + cli.nodeDir("node"), "--num-cpus=1")
          .expectExit(0);
      Path config = cli.dir().resolve("prometheus");
      cli.run("metrics", "prometheus-config", "--out=" + config, "--temp-dir=" + headDir, "--scrape-interval=1s")
          .expectExit(0);
      List<String> targets = targets(config.resolve(MetricsCommand.DISCOVERY_FILE));
      assertEquals(5, targets.size(), "the head's GCS, raylet and object store, and the node's two: " + targets);

      for (String target : targets) {
        HttpResponse<String> anonymous = get("http://" + target + "/metrics", null);
        assertEquals(401, anonymous.statusCode(), "a scrape of " + target + " without the token");
      }
      String token = Files.readString(config.resolve("token")).trim();
      String scraped = get("http://" + targets.get(0) + "/metrics", token).body()
          + get("http://" + targets.get(1) + "/metrics", token).body();
      assertTrue(scraped.contains("jray_grpc_server_request_duration_seconds"), "gRPC latency is exported");

      Path jar = TestJars.jar(Files.createTempDirectory(TestProcesses.root(), "metrics-job-"), "squares.jar",
          "jobs.Squares", JOB);
      assertTrue(cli.run("submit", "--address=" + address, jar.toString()).expectExit(0).out().contains("sum 506"));
      assertDashboardsNameOnlyExportedMetrics(targets, token);
      // The workers' and the driver's own metrics reach the scrape through their node's raylet: still 5 targets.
      // The job's workers were killed when it ended: they reported their last tasks as those ended.
      String[] all = new String[1];
      try {
        Await.until("the raylets export the 12 squares their workers ran and the driver's put", Duration.ofSeconds(60),
            () -> {
              StringBuilder text = new StringBuilder();
              for (String target : targets) {
                try {
                  text.append(get("http://" + target + "/metrics", token).body());
                } catch (IOException | InterruptedException ex) {
                  return false;
                }
              }
              all[0] = text.toString();
              return sum(all[0], "jray_core_worker_tasks_total", "square", "State=\"FINISHED\"") == 12
                  && sum(all[0], "jray_core_worker_objects_put_total", "Component=\"driver\"", "") == 1;
            });
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "; exported: " + all[0].lines().filter(l -> l.contains("core_worker"))
            .toList(), e);
      }
      assertTrue(sum(all[0], "jray_core_worker_task_run_seconds_total", "square", "") > 0, "their run time");

      assumeTrue(installed(), "prometheus is not installed: the rest of the metrics test is skipped "
          + "(apt-get install prometheus)");

      int promPort = ClusterHarness.freePort();
      Path data = Files.createDirectories(cli.dir().resolve("prometheus-data"));
      Process prometheus = new ProcessBuilder("prometheus", "--config.file=" + config.resolve("prometheus.yml"),
          "--storage.tsdb.path=" + data, "--web.listen-address=127.0.0.1:" + promPort)
          .redirectErrorStream(true).redirectOutput(cli.dir().resolve("prometheus.log").toFile()).start();
      try {
        String api = "http://127.0.0.1:" + promPort + "/api/v1/query?query=";
        Await.until("Prometheus scrapes all 5 endpoints with the token", Duration.ofSeconds(90),
            () -> value(api, "count(up{job=\"jray\"} == 1)") == 5);
        Await.until("Prometheus sees the job's 12 finished tasks", Duration.ofSeconds(60),
            () -> value(api, "sum(jray_tasks{State=\"FINISHED\",Name=~\".*square.*\"})") >= 12);
        assertEquals(12, value(api, "sum(jray_core_worker_tasks_total{State=\"FINISHED\",Name=~\".*square.*\"})"),
            "the workers' counts, through their raylets");
        assertEquals(2, value(api, "count(jray_node_mem_total_bytes)"), "both nodes' raylets report the host");
        assertEquals(2, value(api, "jray_cluster_active_nodes"), "the GCS counts both nodes");
        assertEquals(2, value(api, "sum(jray_resources{Name=\"CPU\"})"), "the cluster's CPUs, used and available");
        assertTrue(value(api, "count(jray_object_store_capacity_bytes)") == 2, "both object stores are scraped");
      } finally {
        prometheus.destroy();
        if (!prometheus.waitFor(30, TimeUnit.SECONDS)) {
          prometheus.destroyForcibly();
        }
      }
    }
  }

  /** Every metric a query of the Grafana dashboards names is one that some daemon of the cluster exports. */
  private void assertDashboardsNameOnlyExportedMetrics(List<String> targets, String token) throws Exception {
    java.util.Set<String> exported = new java.util.HashSet<>();
    for (String target : targets) {
      for (String line : get("http://" + target + "/metrics", token).body().split("\n")) {
        if (!line.isEmpty() && !line.startsWith("#")) {
          exported.add(line.split("[{ ]", 2)[0]);
        }
      }
    }
    java.util.regex.Pattern metric = java.util.regex.Pattern.compile("\\b(?:jray|process)_[a-z0-9_]+");
    Path dashboards = Path.of(System.getProperty("user.dir")).resolve("../grafana/dashboards");
    List<String> missing = new ArrayList<>();
    int queries = 0;
    try (var files = Files.list(dashboards)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
        for (JsonElement panel : JsonParser.parseString(Files.readString(file)).getAsJsonObject()
            .getAsJsonArray("panels")) {
          for (JsonElement target : panel.getAsJsonObject().getAsJsonArray("targets")) {
            queries++;
            java.util.regex.Matcher m = metric.matcher(target.getAsJsonObject().get("expr").getAsString());
            while (m.find()) {
              if (!exported.contains(m.group())) {
                missing.add(file.getFileName() + ": " + m.group());
              }
            }
          }
        }
      }
    }
    assertTrue(queries > 10, "the dashboards hold queries: " + queries);
    assertEquals(List.of(), missing, "metrics the dashboards query that no daemon exports");
  }

  /** The sum of the values of {@code name} whose labels hold both words (an empty word matches any). */
  private static double sum(String text, String name, String word1, String word2) {
    double total = 0;
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\w+)\\{([^}]*)} (\\S+)$",
        java.util.regex.Pattern.MULTILINE).matcher(text);
    while (m.find()) {
      if (m.group(1).equals(name) && m.group(2).contains(word1) && m.group(2).contains(word2)) {
        total += Double.parseDouble(m.group(3));
      }
    }
    return total;
  }

  private static boolean installed() {
    try {
      Process p = new ProcessBuilder("prometheus", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static List<String> targets(Path discovery) throws IOException {
    List<String> targets = new ArrayList<>();
    for (JsonElement group : JsonParser.parseString(Files.readString(discovery)).getAsJsonArray()) {
      group.getAsJsonObject().getAsJsonArray("targets").forEach(t -> targets.add(t.getAsString()));
    }
    return targets;
  }

  private HttpResponse<String> get(String url, String token) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The single value a PromQL query returns; -1 when it returns none (yet) or Prometheus does not answer. */
  private double value(String api, String query) {
    try {
      HttpResponse<String> r = get(api + URLEncoder.encode(query, StandardCharsets.UTF_8), null);
      JsonArray result = JsonParser.parseString(r.body()).getAsJsonObject().getAsJsonObject("data")
          .getAsJsonArray("result");
      return result.isEmpty() ? -1 : result.get(0).getAsJsonObject().getAsJsonArray("value").get(1).getAsDouble();
    } catch (IOException | RuntimeException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
