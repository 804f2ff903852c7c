package io.jray.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis (Debian's {@code redis-server}) for one test: on a free loopback port, its data in the test's own
 * folder, with an fsync'ed append-only file so a Redis killed with -9 and started again has what it acknowledged.
 * Tests are skipped where redis-server is missing (CI installs it). {@link #close} kills it.
 */
public final class RedisServer implements AutoCloseable {
  private final Path dir;
  private final int port;
  private final String password;
  private Process process;

  private RedisServer(Path dir, int port, String password) {
    this.dir = dir;
    this.port = port;
    this.password = password;
  }

  /** Starts one; {@code password} null for none. */
  public static RedisServer start(Path dir, String password) throws IOException {
    assumeTrue(installed(), "redis-server is not installed: Redis storage tests skipped (apt-get install redis-server)");
    RedisServer redis = new RedisServer(dir, ClusterHarness.freePort(), password);
    redis.launch();
    return redis;
  }

  private static boolean installed() {
    try {
      Process p = new ProcessBuilder("redis-server", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void launch() throws IOException {
    List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind",
        "127.0.0.1", "--dir", dir.toString(), "--appendonly", "yes", "--appendfsync", "always", "--save", "",
        "--daemonize", "no", "--protected-mode", "no"));
    if (password != null) {
      command.addAll(List.of("--requirepass", password));
    }
    process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("redis-" + port + ".log").toFile()).start();
    Await.until("redis-server answers on port " + port, Duration.ofSeconds(30), this::answers);
  }

  private boolean answers() {
    if (!process.isAlive()) {
      throw new AssertionError("redis-server exited; see " + dir.resolve("redis-" + port + ".log"));
    }
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(2000);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      int first = in.read();
      return first == '+' || first == '-'; // PONG, or NOAUTH: it answers
    } catch (IOException e) {
      return false;
    }
  }

  public int port() {
    return port;
  }

  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** kill -9, as a crash would end it. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Starts it again on the same port over the same data. */
  public void restart() throws IOException {
    launch();
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null) {
      kill();
    }
  }
}
