package io.jray.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jray.testing.Await;
import io.jray.testing.ClusterHarness;
import io.jray.testing.TestProcesses;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The head's dashboard as its users meet it, on a real 2-node cluster: Ray's job REST API with a plain HTTP client
 * (a jar uploaded with PUT, a job submitted, followed, logged, stopped and deleted), the token it needs, a taken
 * port refused in one sentence, and a real headless Chromium that logs in with the token and sees both nodes and
 * a finished job.
 */
class CliDashboardTest {
  private static final String SOURCES = """
      package jobs;
      import io.jray.api.Ray;
      public class Hello {
        static String greet(String who) { return "hello " + who; }
        public static void main(String[] args) throws Exception {
          Ray.init();
          System.out.println(Ray.task(Hello::greet, args[0] + " " + args[1]).remote().get());
          if (args.length > 2) Thread.sleep(Long.parseLong(args[2]));
          Ray.shutdown();
        }
      }
      """;
  private static final Pattern URL = Pattern.compile("Dashboard \\(log in with the cluster token\\): (\\S+)");

  private static CliRun cli;
  private static String address;
  private static String dashboard;
  private static String token;
  private static String jarName;
  private static Path headDir;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @BeforeAll
  static void startCluster() throws Exception {
    cli = CliRun.sandbox();
    token = cli.environment().get("JRAY_AUTH_TOKEN");
    int port = ClusterHarness.freePort();
    int dashboardPort = ClusterHarness.freePort();
    address = "127.0.0.1:" + port;
    headDir = cli.nodeDir("head");
    CliRun.Result head = cli.run("start", "--head", "--port=" + port, "--temp-dir=" + headDir,
        "--node-ip-address=127.0.0.1", "--num-cpus=1", "--dashboard-port=" + dashboardPort).expectExit(0);
    Matcher url = URL.matcher(head.out());
    assertTrue(url.find(), "start names the dashboard's URL: " + head);
    dashboard = url.group(1);
    assertEquals("http://127.0.0.1:" + dashboardPort, dashboard, head.out());
    cli.run("start", "--address=" + address, "--temp-dir=" + cli.nodeDir("node"), "--num-cpus=1").expectExit(0);
    Path jar = TestJars.jar(Files.createTempDirectory(TestProcesses.root(), "dashboard-jobs-"), "hello.jar",
        "jobs.Hello", SOURCES);
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar)));
    jarName = sha256 + ".jar";
    HttpResponse<String> put = HTTP.send(request("/api/packages/" + jarName, token)
        .PUT(HttpRequest.BodyPublishers.ofFile(jar)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, put.statusCode(), put.body());
  }

  @AfterAll
  static void stopCluster() {
    if (cli != null) {
      cli.close();
    }
  }

  @Test
  void statusNamesTheDashboard() {
    CliRun.Result status = cli.run("status", "--address=" + address).expectExit(0);
    assertTrue(status.out().contains("Dashboard: " + dashboard), status.out());
  }

  @Test
  void aJarPutAndAJobPostedRunToSuccessWithLogsThenAreDeleted() throws Exception {
    JsonObject version = json(send("GET", "/api/version", null, 200));
    assertFalse(version.get("ray_version").getAsString().isEmpty(), version.toString());
    assertEquals(200, send("GET", "/api/packages/" + jarName, null, 200).statusCode(), "the jar is stored");

    String id = submit("jobs.Hello REST 'API world'", "{\"team\": \"dash\"}");
    JsonObject job = awaitStatus(id, "SUCCEEDED");
    assertEquals("jobs.Hello REST 'API world'", job.get("entrypoint").getAsString());
    assertEquals("dash", job.getAsJsonObject("metadata").get("team").getAsString());
    assertEquals(0, job.get("driver_exit_code").getAsInt());
    assertFalse(job.get("end_time").isJsonNull(), job.toString());
    assertTrue(job.get("job_id").isJsonPrimitive(), "the driver's job id: " + job);

    String logs = json(send("GET", "/api/jobs/" + id + "/logs", null, 200)).get("logs").getAsString();
    assertTrue(logs.contains("hello REST API world"), logs);
    JsonArray all = JsonParser.parseString(send("GET", "/api/jobs/", null, 200).body()).getAsJsonArray();
    assertTrue(all.asList().stream().anyMatch(j -> j.getAsJsonObject().get("submission_id").getAsString()
        .equals(id)), all.toString());

    Path logsDir = headDir.resolve("session_latest/logs");
    Path exit = logsDir.resolve("job-driver-" + id + ".exit");
    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(exit)), "the driver's exit file is private, as every file of the session");
    assertTrue(json(send("DELETE", "/api/jobs/" + id, null, 200)).get("deleted").getAsBoolean());
    send("GET", "/api/jobs/" + id, null, 404);
    assertFalse(Files.exists(exit) || Files.exists(logsDir.resolve("job-driver-" + id + ".log")),
        "a deleted job's log goes with it");
  }

  @Test
  void aRunningJobIsStoppedAndOnlyThenDeleted() throws Exception {
    String id = submit("jobs.Hello slow job 600000", null);
    awaitStatus(id, "RUNNING");
    Await.until("the job's task ran", Duration.ofSeconds(90), () -> logsOf(id).contains("hello slow job"));
    String refused = json(send("DELETE", "/api/jobs/" + id, null, 400)).get("error").getAsString();
    assertTrue(refused.contains("stop it first"), refused);
    assertTrue(json(send("POST", "/api/jobs/" + id + "/stop", "", 200)).get("stopped").getAsBoolean());
    JsonObject stopped = awaitStatus(id, "STOPPED");
    Await.until("the stopped driver has ended", Duration.ofSeconds(30),
        () -> !json(send("GET", "/api/jobs/" + id, null, 200)).get("end_time").isJsonNull());
    assertFalse(json(send("POST", "/api/jobs/" + id + "/stop", "", 200)).get("stopped").getAsBoolean(),
        "a stopped job is not stopped twice: " + stopped);
    assertTrue(json(send("DELETE", "/api/jobs/" + id, null, 200)).get("deleted").getAsBoolean());
  }

  @Test
  void badSubmissionsAreRefusedWithASentence() throws Exception {
    String wrongJar = json(send("POST", "/api/jobs/", "{\"entrypoint\": \"jobs.Hello a b\", \"runtime_env\": "
        + "{\"java_jars\": [\"" + "0".repeat(64) + ".jar\"]}}", 400)).get("error").getAsString();
    assertTrue(wrongJar.contains("was not uploaded"), wrongJar);
    String python = json(send("POST", "/api/jobs/", "{\"entrypoint\": \"python x.py\", \"runtime_env\": "
        + "{\"pip\": [\"requests\"]}}", 400)).get("error").getAsString();
    assertTrue(python.contains("runtime_env takes java_jars"), python);
    HttpResponse<String> corrupt = HTTP.send(request("/api/packages/" + "1".repeat(64) + ".jar", token)
        .PUT(HttpRequest.BodyPublishers.ofString("not that jar")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(400, corrupt.statusCode(), corrupt.body());
    send("GET", "/api/jobs/no-such-job", null, 404);
  }

  @Test
  void withoutTheTokenTheApiAnswers401AndThePageAsksToLogIn() throws Exception {
    for (String path : List.of("/api/jobs/", "/api/version", "/api/cluster", "/api/packages/" + jarName)) {
      assertEquals(401, HTTP.send(request(path, null).build(), HttpResponse.BodyHandlers.ofString()).statusCode(),
          path + " without a token");
      assertEquals(401, HTTP.send(request(path, "not-the-token").build(), HttpResponse.BodyHandlers.ofString())
          .statusCode(), path + " with a wrong token");
    }
    HttpResponse<String> upload = HTTP.send(request("/api/packages/" + "2".repeat(64) + ".jar", null)
        .PUT(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(401, upload.statusCode());
    HttpResponse<String> page = HTTP.send(request("/", null).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(401, page.statusCode());
    assertTrue(page.body().contains("<form method=\"post\" action=\"/login\">"), page.body());
    HttpResponse<String> wrong = HTTP.send(request("/login", null).header("Content-Type",
        "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("token=nope")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(401, wrong.statusCode());
    assertTrue(wrong.headers().firstValue("Set-Cookie").isEmpty(), "no cookie for a wrong token");
    HttpResponse<String> right = HTTP.send(request("/login", null).header("Content-Type",
        "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("token=" + token)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(303, right.statusCode());
    String cookie = right.headers().firstValue("Set-Cookie").orElseThrow();
    assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
    assertFalse(cookie.contains(token), "the cookie names a session, not the token: " + cookie);
    HttpResponse<String> withCookie = HTTP.send(request("/api/cluster", null)
        .header("Cookie", cookie.substring(0, cookie.indexOf(';'))).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, withCookie.statusCode(), withCookie.body());
    // A cookie request that changes state must come from the dashboard's own origin (another port is another one).
    String session = cookie.substring(0, cookie.indexOf(';'));
    String own = dashboard.replaceAll("/+$", "");
    String foreignOrigin = own.substring(0, own.lastIndexOf(':')) + ":1";
    HttpResponse<String> foreign = HTTP.send(request("/api/jobs/no-such-job/stop", null).header("Cookie", session)
        .header("Origin", foreignOrigin).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(403, foreign.statusCode(), foreign.body());
    HttpResponse<String> same = HTTP.send(request("/api/jobs/no-such-job/stop", null).header("Cookie", session)
        .header("Origin", own).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertTrue(same.statusCode() != 403 && same.statusCode() != 401, "past the origin check: " + same.body());
    HttpResponse<String> plain = HTTP.send(request("/api/jobs/", token).header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(415, plain.statusCode(), plain.body());
  }

  @Test
  void aTakenDashboardPortFailsTheStartInOneSentence() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int port = taken.getLocalPort();
      CliRun.Result r = cli.run("start", "--head", "--port=" + ClusterHarness.freePort(),
          "--temp-dir=" + cli.nodeDir("taken"), "--node-ip-address=127.0.0.1", "--dashboard-port=" + port)
          .expectExit(ExitCodes.FAILED);
      assertEquals("Port " + port + " (--dashboard-port) is already in use by another process; stop that process or "
          + "choose another port with --dashboard-port.", r.err().strip(), r.toString());
      // (CliLogRotationTest starts a head with --include-dashboard=false: it serves none, and says so.)
    }
  }

  @Test
  void chromiumLogsInWithTheTokenAndSeesBothNodesAndAFinishedJob() throws Exception {
    if (!HeadlessChromium.installed()) {
      if (System.getenv("CI") != null) {
        fail("chromium is not installed, and CI must run the browser test (.ci/run installs it)");
      }
      assumeTrue(false, "chromium is not installed: the browser test is skipped (apt-get install chromium)");
    }
    String id = submit("jobs.Hello browser world", null);
    awaitStatus(id, "SUCCEEDED");
    JsonArray nodes = JsonParser.parseString(cli.run("list", "nodes", "--address=" + address, "--format=json")
        .expectExit(0).out()).getAsJsonArray();
    List<String> nodeIds = nodes.asList().stream().map(n -> n.getAsJsonObject().get("node_id").getAsString())
        .toList();
    assertEquals(2, nodeIds.size(), nodes.toString());

    Path screenshot = Path.of("target", "dashboard-screenshot.png");
    Files.deleteIfExists(screenshot);
    try (HeadlessChromium browser = HeadlessChromium.start(Files.createDirectories(cli.dir().resolve("chromium")),
        cli.dir().resolve("chromium.log"))) {
      browser.navigate(dashboard + "/");
      Await.until("the page asks to log in", Duration.ofSeconds(30), () -> browser.text().contains("Log in with"));
      browser.evaluate("document.getElementById('token').value = '" + token + "'; document.forms[0].submit(); 'ok'");
      Await.until("the logged-in page lists both nodes and the finished job", Duration.ofSeconds(60), () -> {
        String text = browser.text();
        return nodeIds.stream().allMatch(n -> text.contains(n.substring(0, 12)))
            && browser.evaluate("Array.from(document.querySelectorAll('#submissions tbody tr'))"
                + ".filter(r => r.textContent.includes('" + id + "') && r.textContent.includes('SUCCEEDED')).length")
                .equals("1");
      });
      assertEquals("", browser.evaluate("document.cookie"), "the login cookie is HttpOnly: no script reads it");
      browser.screenshot(screenshot);
    }
    assertTrue(Files.size(screenshot) > 10_000, "the screenshot is kept: " + screenshot.toAbsolutePath());
  }

  private static String submit(String entrypoint, String metadata) throws Exception {
    String body = "{\"entrypoint\": " + new com.google.gson.JsonPrimitive(entrypoint) + ", \"runtime_env\": "
        + "{\"java_jars\": [\"" + jarName + "\"]}" + (metadata == null ? "" : ", \"metadata\": " + metadata) + "}";
    JsonObject reply = json(send("POST", "/api/jobs/", body, 200));
    assertEquals(reply.get("job_id").getAsString(), reply.get("submission_id").getAsString());
    return reply.get("submission_id").getAsString();
  }

  private static JsonObject awaitStatus(String id, String status) {
    JsonObject[] last = new JsonObject[1];
    Await.until("job " + id + " is " + status, Duration.ofSeconds(120), () -> {
      last[0] = json(send("GET", "/api/jobs/" + id, null, 200));
      String now = last[0].get("status").getAsString();
      if (!now.equals(status) && List.of("SUCCEEDED", "FAILED", "STOPPED").contains(now)) {
        fail("job " + id + " ended " + now + ": " + last[0] + "\n" + logsOf(id));
      }
      return now.equals(status);
    });
    return last[0];
  }

  private static String logsOf(String id) {
    return json(send("GET", "/api/jobs/" + id + "/logs", null, 200)).get("logs").getAsString();
  }

  private static HttpRequest.Builder request(String path, String bearer) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(dashboard + path)).timeout(Duration.ofSeconds(30));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    return b;
  }

  /** Sends a request with the token and checks its status. */
  private static HttpResponse<String> send(String method, String path, String body, int expected) {
    try {
      HttpRequest r = request(path, token).header("Content-Type", "application/json")
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
          .build();
      HttpResponse<String> reply = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
      assertEquals(expected, reply.statusCode(), () -> method + " " + path + ": " + reply.body());
      return reply;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonObject json(HttpResponse<String> reply) {
    JsonElement parsed = JsonParser.parseString(reply.body());
    return parsed.getAsJsonObject();
  }
}
