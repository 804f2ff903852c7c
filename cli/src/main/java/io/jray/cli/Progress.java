package io.jray.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress of a long operation (a node starting, a jar uploading). On a terminal it is one line that keeps
 * updating (a spinner, what is happening, the time so far) and is replaced by a final line when done;
 * otherwise (a pipe, a file, a script) it is plain lines, one per step, and no carriage returns. The caller's
 * thread reports; a ticker thread redraws the live line. Synchronized on this object.
 */
final class Progress implements AutoCloseable {
  /** How often the live line is redrawn: often enough that the spinner and the seconds look alive. */
  private static final long REDRAW_MS = 120;
  private static final String SPINNER = "|/-\\";
  /** At most this many characters: a line that wraps can no longer be rewritten in place (80 columns less one). */
  private static final int MAX_WIDTH = 79;
  /** Carriage return, then erase to the end of the line (ANSI EL). */
  private static final String REWRITE = "\r\033[K";

  private final PrintWriter out;
  private final String task;
  private final boolean live;
  private final long startNanos = System.nanoTime();
  private final Thread ticker;
  private String detail = "";
  private int frame;
  private boolean finished;

  /** Progress of {@code task} ("Starting the node"), live when stdout is a terminal. */
  static Progress start(PrintWriter out, String task) {
    return new Progress(out, task, System.console() != null);
  }

  Progress(PrintWriter out, String task, boolean live) {
    this.out = out;
    this.task = task;
    this.live = live;
    if (live) {
      ticker = new Thread(this::tick, "progress");
      ticker.setDaemon(true);
      ticker.start();
    } else {
      ticker = null;
    }
  }

  /** A step that happened: a line of its own when not live, the live line's detail otherwise. */
  synchronized void step(String line) {
    if (live) {
      detail = line;
      redraw();
    } else {
      out.println(line);
      out.flush();
    }
  }

  /** How far a continuous operation is (e.g. "42% (4 MiB of 9 MiB)"): shown live only, never as lines. */
  synchronized void detail(String now) {
    if (live) {
      detail = now;
      redraw();
    }
  }

  /** Ends the progress with one line that stays. */
  synchronized void done(String line) {
    finish();
    if (live) {
      out.print(REWRITE);
    }
    out.println(line);
    out.flush();
  }

  boolean isLive() {
    return live;
  }

  /** Seconds since the start, as the final line may say. */
  String elapsed() {
    return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - startNanos) / 1e9);
  }

  /** Stops the live line without a final line (the operation failed; its error follows on a clean line). */
  @Override
  public synchronized void close() {
    if (!finished && live) {
      out.print(REWRITE);
      out.flush();
    }
    finish();
  }

  private void finish() {
    finished = true;
    if (ticker != null) {
      ticker.interrupt();
    }
  }

  private void redraw() {
    if (finished) {
      return;
    }
    char spin = SPINNER.charAt(frame++ % SPINNER.length());
    String line = spin + " " + task + " (" + elapsed() + ")" + (detail.isEmpty() ? "" : ": " + detail);
    out.print(REWRITE + (line.length() > MAX_WIDTH ? line.substring(0, MAX_WIDTH - 3) + "..." : line));
    out.flush();
  }

  private void tick() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        synchronized (this) {
          redraw();
        }
        Thread.sleep(REDRAW_MS);
      }
    } catch (InterruptedException e) {
      // done
    }
  }
}
