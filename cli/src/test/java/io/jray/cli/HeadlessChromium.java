package io.jray.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jray.testing.Await;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real headless Chromium (Debian's {@code chromium}) driven over its DevTools protocol (a websocket, with the
 * JDK's client): navigate, evaluate JavaScript in the page, take a screenshot. Its profile is a fresh folder;
 * {@link #close()} ends the browser and every process it started, by pid. Thread-confined to one test.
 */
final class HeadlessChromium implements AutoCloseable {
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();

  private HeadlessChromium(Process process, WebSocket socket) {
    this.process = process;
    this.socket = socket;
  }

  /** Whether a {@code chromium} runs here. */
  static boolean installed() {
    try {
      Process p = new ProcessBuilder("chromium", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  static HeadlessChromium start(Path profile, Path log) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("chromium", "--headless", "--disable-gpu",
        "--remote-debugging-port=0", "--remote-allow-origins=*", "--user-data-dir=" + profile,
        "--no-first-run", "--window-size=1280,1000", "about:blank"));
    if ("root".equals(System.getProperty("user.name"))) {
      command.add(1, "--no-sandbox"); // Chromium refuses its sandbox to root
    }
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      Path portFile = profile.resolve("DevToolsActivePort");
      Await.until("Chromium publishes its DevTools port", Duration.ofSeconds(60),
          () -> Files.exists(portFile) || !process.isAlive());
      if (!process.isAlive()) {
        throw new IOException("chromium exited: " + Files.readString(log));
      }
      Await.until("the DevTools port file is written", Duration.ofSeconds(10), () -> read(portFile).size() >= 1);
      int port = Integer.parseInt(read(portFile).get(0).trim());
      HttpClient http = HttpClient.newHttpClient();
      String page = null;
      long deadline = System.currentTimeMillis() + 30_000;
      while (page == null && System.currentTimeMillis() < deadline) {
        String list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        for (JsonElement target : JsonParser.parseString(list).getAsJsonArray()) {
          if (target.getAsJsonObject().get("type").getAsString().equals("page")) {
            page = target.getAsJsonObject().get("webSocketDebuggerUrl").getAsString();
          }
        }
        if (page == null) {
          Thread.sleep(100);
        }
      }
      if (page == null) {
        throw new IOException("chromium shows no page to drive");
      }
      Listener listener = new Listener();
      WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(page), listener)
          .get(30, TimeUnit.SECONDS);
      HeadlessChromium browser = new HeadlessChromium(process, socket);
      listener.browser = browser;
      return browser;
    } catch (IOException | InterruptedException | RuntimeException e) {
      kill(process);
      throw e;
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      kill(process);
      throw new IOException("cannot connect to chromium's DevTools", e);
    }
  }

  /** Opens {@code url} in the page (returns once the navigation is under way). */
  void navigate(String url) {
    JsonObject params = new JsonObject();
    params.addProperty("url", url);
    call("Page.navigate", params);
  }

  /** The value of a JavaScript expression in the page, as a string ("" for null or undefined). */
  String evaluate(String expression) {
    JsonObject params = new JsonObject();
    params.addProperty("expression", expression);
    params.addProperty("returnByValue", true);
    JsonObject result = call("Runtime.evaluate", params).getAsJsonObject("result");
    JsonElement value = result == null ? null : result.get("value");
    return value == null || value.isJsonNull() ? "" : value.getAsString();
  }

  /** The page's visible text; "" while it has none. */
  String text() {
    return evaluate("document.body ? document.body.innerText : ''");
  }

  void screenshot(Path png) throws IOException {
    JsonObject params = new JsonObject();
    params.addProperty("format", "png");
    String data = call("Page.captureScreenshot", params).get("data").getAsString();
    Files.createDirectories(png.toAbsolutePath().getParent());
    Files.write(png, Base64.getDecoder().decode(data));
  }

  private JsonObject call(String method, JsonObject params) {
    int id = ids.incrementAndGet();
    JsonObject message = new JsonObject();
    message.addProperty("id", id);
    message.addProperty("method", method);
    message.add("params", params);
    CompletableFuture<JsonObject> reply = new CompletableFuture<>();
    pending.put(id, reply);
    socket.sendText(message.toString(), true).join();
    try {
      JsonObject answer = reply.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (answer.has("error")) {
        throw new IllegalStateException(method + " failed: " + answer.get("error"));
      }
      return answer.getAsJsonObject("result");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(method + " got no answer from chromium", e);
    } finally {
      pending.remove(id);
    }
  }

  private static List<String> read(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      return List.of();
    }
  }

  @Override
  public void close() {
    socket.abort();
    kill(process);
  }

  /** Ends the browser and its helper processes (renderer, GPU, zygote), by pid. */
  private static void kill(Process process) {
    List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
    all.add(process.toHandle());
    all.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle p : all) {
      try {
        p.onExit().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        // reported by the sandbox's check for leftover processes
      }
    }
  }

  /** Gathers a message's frames and hands each reply to the call waiting for it; events are ignored. */
  private static final class Listener implements WebSocket.Listener {
    private final StringBuilder frames = new StringBuilder();
    volatile HeadlessChromium browser;

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      frames.append(data);
      if (last) {
        JsonObject message = JsonParser.parseString(frames.toString()).getAsJsonObject();
        frames.setLength(0);
        if (message.has("id") && browser != null) {
          CompletableFuture<JsonObject> waiting = browser.pending.get(message.get("id").getAsInt());
          if (waiting != null) {
            waiting.complete(message);
          }
        }
      }
      webSocket.request(1);
      return null;
    }
  }
}
