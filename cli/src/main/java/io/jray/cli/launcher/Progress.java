package io.jray.cli.launcher;

import java.io.PrintWriter;

/**
 * The progress lines of a cluster operation. Hosts work on threads of their own, so each line is printed whole
 * and flushed at once: {@code   [cpu 10.0.0.6] Started jray; joined 10.0.0.5:6379.}
 */
final class Progress {
  private final PrintWriter out;

  Progress(PrintWriter out) {
    this.out = out;
  }

  synchronized void line(String text) {
    out.println(text);
    out.flush();
  }

  synchronized void host(String label, String text) {
    out.println("  [" + label + "] " + text);
    out.flush();
  }

  /** A remote command's output, each line under the host's label, so it stays readable among other hosts'. */
  synchronized void output(String label, String text) {
    for (String l : text.strip().split("\n")) {
      out.println("  [" + label + "] | " + l);
    }
    out.flush();
  }
}
