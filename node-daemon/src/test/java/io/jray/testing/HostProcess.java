package io.jray.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * A background process in a {@link NetnsHosts} host, talked to by lines: the test writes to its stdin and waits
 * for lines of its stdout (kept in a log file, read as it grows). Used from the test's thread.
 */
public final class HostProcess {
  private final String host;
  private final Process process;
  private final Path out;
  private final Path err;
  private int linesRead;

  HostProcess(String host, Process process, Path out, Path err) {
    this.host = host;
    this.process = process;
    this.out = out;
    this.err = err;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Writes one line to the process's stdin. */
  public void send(String line) {
    try {
      OutputStream in = process.getOutputStream();
      in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      in.flush();
    } catch (IOException e) {
      throw new AssertionError("cannot write to the process in host " + host + " (did it end?)" + logs(), e);
    }
  }

  /**
   * The next line of stdout (after those an earlier call returned or passed over) that matches; fails if none
   * comes within {@code timeout} or the process ends first.
   */
  public String awaitLine(String what, Duration timeout, Predicate<String> matching) {
    AtomicReference<String> found = new AtomicReference<>();
    try {
      Await.until(what + " (a line of " + out + ")", timeout, () -> {
        boolean endedBefore = !process.isAlive(); // read after the check: a last line is not missed
        List<String> lines = lines();
        while (linesRead < lines.size()) {
          String line = lines.get(linesRead++);
          if (matching.test(line)) {
            found.set(line);
            return true;
          }
        }
        return endedBefore;
      });
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + logs(), e);
    }
    if (found.get() == null) {
      throw new AssertionError("the process in host " + host + " ended (exit " + process.exitValue() + ") before "
          + what + logs());
    }
    return found.get();
  }

  private List<String> lines() {
    try {
      String text = Files.readString(out, StandardCharsets.UTF_8);
      // A last line without its newline may still be being written.
      int complete = text.lastIndexOf('\n') + 1;
      return text.substring(0, complete).lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String logs() {
    try {
      return "\n--- stdout:\n" + Files.readString(out, StandardCharsets.UTF_8) + "--- stderr:\n"
          + Files.readString(err, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
