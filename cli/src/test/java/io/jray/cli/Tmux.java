package io.jray.cli;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jray.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A tmux server of one test, on its own socket in the test's folder, to drive jray through a real
 * pseudo-terminal: {@link #type} and {@link #press} send keys, {@link #awaitScreen} reads the screen. Each
 * session runs one command from a script that records the command's exit code. {@link #close()} kills the
 * server, which ends the programs in its panes. Needs tmux on the PATH (.ci/run installs it).
 */
final class Tmux implements AutoCloseable {
  private static final Duration SCREEN_DEADLINE = Duration.ofSeconds(60);

  private final Path dir;
  private final Path socket;
  private final Map<String, String> env;

  /** @param env the environment of the programs run in it (on top of this JVM's, less any JRAY_* setting) */
  Tmux(Path dir, Map<String, String> env) {
    this.dir = dir;
    this.socket = dir.resolve("tmux.sock");
    this.env = env;
    // A new user's machine may lack tmux: the terminal tests are then skipped (CI installs it, so they run there).
    assumeTrue(tmux("-V").exitCode == 0, "tmux is not installed: terminal tests skipped (apt-get install tmux)");
  }

  private record Run(int exitCode, String out) {}

  /** Opens a detached session of 200x50 that runs {@code command}; its exit code lands in {@link #exitCode}. */
  void open(String session, List<String> command) {
    StringBuilder script = new StringBuilder("cd ").append(quote(dir.toString())).append('\n');
    env.forEach((k, v) -> script.append("export ").append(k).append('=').append(quote(v)).append('\n'));
    script.append(command.stream().map(Tmux::quote).collect(Collectors.joining(" "))).append('\n');
    script.append("echo $? > ").append(quote(exitFile(session).toString())).append('\n');
    Path file = dir.resolve(session + ".sh");
    try {
      Files.writeString(file, script);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Run r = tmux("new-session", "-d", "-s", session, "-x", "200", "-y", "50", "bash " + quote(file.toString()));
    if (r.exitCode != 0) {
      fail("tmux new-session failed: " + r.out);
    }
  }

  /** Types text literally. */
  void type(String session, String text) {
    tmux("send-keys", "-t", session, "-l", text);
  }

  /** Presses keys by tmux name: Tab, Enter, C-c, C-d. */
  void press(String session, String... keys) {
    List<String> args = new ArrayList<>(List.of("send-keys", "-t", session));
    args.addAll(List.of(keys));
    tmux(args.toArray(String[]::new));
  }

  /** The session's screen and scrollback, wrapped lines joined. */
  String screen(String session) {
    return tmux("capture-pane", "-p", "-J", "-S", "-500", "-t", session).out;
  }

  /** Waits until the screen shows what {@code shows} accepts, and returns that screen. */
  String awaitScreen(String session, String what, Predicate<String> shows) {
    String[] last = {""};
    try {
      Await.until(what, SCREEN_DEADLINE, () -> shows.test(last[0] = screen(session)));
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; the screen:\n" + last[0], e);
    }
    return last[0];
  }

  /** The exit code of the session's command, once it has ended. */
  int awaitExitCode(String session) {
    Path file = exitFile(session);
    Await.until(session + " has ended", SCREEN_DEADLINE, () -> {
      try {
        return Files.exists(file) && !Files.readString(file).isBlank();
      } catch (IOException e) {
        return false;
      }
    });
    try {
      return Integer.parseInt(Files.readString(file).trim());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path exitFile(String session) {
    return dir.resolve(session + ".exit");
  }

  private Run tmux(String... args) {
    List<String> command = new ArrayList<>(List.of("tmux", "-S", socket.toString(), "-f", "/dev/null"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("JRAY_"));
    builder.environment().putAll(env);
    try {
      Process p = builder.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail("tmux did not answer: " + command);
      }
      return new Run(p.exitValue(), out);
    } catch (IOException e) {
      return new Run(-1, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running tmux");
    }
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  /** Ends the server and with it every program still running in its panes. */
  @Override
  public void close() {
    if (Files.exists(socket)) {
      tmux("kill-server");
    }
  }
}
