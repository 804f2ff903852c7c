package io.jray.runtime.logs;

import io.jray.runtime.process.DaemonThreads;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * A worker's stdout and stderr on their way to its job's driver (Ray's log_to_driver): {@link #install} puts
 * {@link LineTee}s in front of System.out and System.err, so each line still goes to the worker's log file as
 * before and is also queued, tagged with the task or actor printing it; one thread sends the queued lines, those
 * printed while a batch is on its way making the next batch. Printing only queues (a full queue drops lines and says how many), so a slow or gone driver never
 * slows a task; a program that prints nothing costs nothing. Stops for good when the driver answers that it
 * does not print worker output.
 */
public final class WorkerLogForwarder implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(WorkerLogForwarder.class.getName());
  /** Lines queued at most; more are dropped until the queue drains. */
  static final int MAX_QUEUED_LINES = 10_000;
  /** Lines per batch at most. */
  static final int MAX_BATCH_LINES = 1_000;

  /** One printed line: its text, whether it went to stderr, and the task or actor that printed it. */
  public record Line(String text, boolean isErr, String sourceName) {}

  private final Supplier<String> sourceName;
  private final Predicate<List<Line>> send;
  private final BlockingQueue<Line> queue = new ArrayBlockingQueue<>(MAX_QUEUED_LINES);
  private final AtomicLong dropped = new AtomicLong();
  private final Thread sender;
  private volatile boolean stopped;

  /**
   * @param sourceName the name of the task or actor running now (called on the printing thread)
   * @param send sends one batch to the driver; false when the driver prints no worker output (sending stops).
   *     It may throw when the driver cannot be reached: that batch is dropped.
   */
  public WorkerLogForwarder(Supplier<String> sourceName, Predicate<List<Line>> send) {
    this.sourceName = sourceName;
    this.send = send;
    this.sender = DaemonThreads.named("log-to-driver").newThread(this::run);
  }

  /** Replaces System.out and System.err with streams that also forward their lines, and starts sending. */
  public void install() {
    System.setOut(tee(System.out, false));
    System.setErr(tee(System.err, true));
    sender.start();
  }

  private PrintStream tee(PrintStream original, boolean isErr) {
    // The charset the JVM gave the stream it replaces (Java 17 has no PrintStream.charset()).
    String name = System.getProperty(isErr ? "sun.stderr.encoding" : "sun.stdout.encoding");
    Charset charset = name != null && Charset.isSupported(name) ? Charset.forName(name) : Charset.defaultCharset();
    return new PrintStream(new LineTee(original, charset, text -> offer(text, isErr)), true, charset);
  }

  void offer(String text, boolean isErr) {
    if (stopped) {
      return;
    }
    if (!queue.offer(new Line(text, isErr, sourceName.get()))) {
      dropped.incrementAndGet();
    }
  }

  private void run() {
    List<Line> batch = new ArrayList<>();
    while (!stopped) {
      try {
        // Sent at once, so a line reaches the driver about when the task's reply does; what is printed while a
        // batch is on its way makes the next one.
        batch.add(queue.take());
        queue.drainTo(batch, MAX_BATCH_LINES - 1);
      } catch (InterruptedException e) {
        return;
      }
      long lost = dropped.getAndSet(0);
      if (lost > 0) {
        batch.add(new Line("(" + lost + " lines of output were not sent to the driver: it did not keep up)",
            true, ""));
      }
      try {
        if (!send.test(batch)) {
          stopped = true;
          queue.clear();
        }
      } catch (RuntimeException e) {
        LOG.fine("output lines not sent to the driver: " + e);
      }
      batch.clear();
    }
  }

  @Override
  public void close() {
    stopped = true;
    sender.interrupt();
  }
}
