package io.jray.runtime.logs;

import io.jray.runtime.process.DaemonThreads;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The driver's side of log_to_driver: prints the lines its job's workers sent, stdout lines to System.out and
 * stderr lines to System.err, each prefixed as Ray does, {@code (square pid=1234, ip=10.0.0.5) hello} (the ip only
 * when the worker's node is not the driver's), through one {@link LogDeduplicator} per stream unless
 * deduplication is off. Lines arrive on network threads and are printed on this printer's own thread, so a slow
 * console never holds up the network.
 */
public final class WorkerLogPrinter implements AutoCloseable {
  /** How often held-back repeats whose window ended are printed when no new line comes. */
  private static final long EXPIRY_CHECK_MS = 1000;
  private static final String DEDUP_NOTE = " (jray deduplicates logs by default. Set JRAY_DEDUP_LOGS=0 to disable"
      + " log deduplication.)";

  private final String driverIp;
  private final LogDeduplicator out;
  private final LogDeduplicator err;
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("log-to-driver"));
  /**
   * At the driver's end, lines still on their way from workers that printed lately get this long to arrive (the
   * driver often ends right after its last get, while its tasks' last lines travel).
   */
  private static final long QUIET_BEFORE_CLOSE_MS = 200;
  private static final long MAX_WAIT_AT_CLOSE_MS = 1000;
  private boolean noted;
  /** System.nanoTime() of the last lines received, 0 before any. */
  private volatile long lastArrival;

  /**
   * @param driverIp the driver's own node IP: lines from workers there show no ip
   * @param dedupWindowSeconds the aggregation window, or negative for no deduplication
   */
  public WorkerLogPrinter(String driverIp, double dedupWindowSeconds) {
    this.driverIp = driverIp;
    if (dedupWindowSeconds >= 0) {
      this.out = new LogDeduplicator(dedupWindowSeconds, System::nanoTime);
      this.err = new LogDeduplicator(dedupWindowSeconds, System::nanoTime);
      thread.scheduleWithFixedDelay(() -> {
        print(out.expired(), false);
        print(err.expired(), true);
      }, EXPIRY_CHECK_MS, EXPIRY_CHECK_MS, TimeUnit.MILLISECONDS);
    } else {
      this.out = null;
      this.err = null;
    }
  }

  /** Lines one worker printed, in order; returns at once. */
  public void accept(String ip, long pid, List<WorkerLogForwarder.Line> lines) {
    lastArrival = System.nanoTime();
    try {
      thread.execute(() -> {
        // consecutive lines of one stream and one task or actor make one batch
        int start = 0;
        for (int i = 1; i <= lines.size(); i++) {
          WorkerLogForwarder.Line first = lines.get(start);
          if (i == lines.size() || lines.get(i).isErr() != first.isErr()
              || !lines.get(i).sourceName().equals(first.sourceName())) {
            List<String> texts = new ArrayList<>(i - start);
            lines.subList(start, i).forEach(l -> texts.add(l.text()));
            LogDeduplicator.Batch batch = new LogDeduplicator.Batch(ip, pid, first.sourceName(), texts);
            LogDeduplicator dedup = first.isErr() ? err : out;
            print(dedup == null ? List.of(batch) : dedup.deduplicate(batch), first.isErr());
            start = i;
          }
        }
      });
    } catch (RejectedExecutionException closed) {
      // the driver is shutting down
    }
  }

  private void print(List<LogDeduplicator.Batch> batches, boolean isErr) {
    PrintStream sink = isErr ? System.err : System.out;
    for (LogDeduplicator.Batch b : batches) {
      String prefix = prefix(b);
      for (String line : b.lines()) {
        if (!noted && line.endsWith("x across cluster]")) {
          noted = true;
          line += DEDUP_NOTE;
        }
        sink.println(prefix + line);
      }
    }
    sink.flush();
  }

  /** Ray's prefix: {@code (name pid=N, ip=A) }, the name being the task's or actor's, if any. */
  String prefix(LogDeduplicator.Batch b) {
    StringBuilder p = new StringBuilder("(");
    if (!b.sourceName().isEmpty()) {
      p.append(b.sourceName()).append(' ');
    }
    p.append("pid=").append(b.pid());
    if (!b.ip().equals(driverIp)) {
      p.append(", ip=").append(b.ip());
    }
    return p.append(") ").toString();
  }

  /** Prints what is still held back, then stops. */
  @Override
  public void close() {
    long deadline = System.nanoTime() + MAX_WAIT_AT_CLOSE_MS * 1_000_000;
    while (lastArrival != 0 && System.nanoTime() - lastArrival < QUIET_BEFORE_CLOSE_MS * 1_000_000
        && System.nanoTime() < deadline) {
      try {
        Thread.sleep(QUIET_BEFORE_CLOSE_MS / 4);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    try {
      thread.submit(() -> {
        if (out != null) {
          print(out.flush(), false);
          print(err.flush(), true);
        }
      }).get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      // shutting down regardless
    }
    thread.shutdownNow();
  }
}
