package io.jray.runtime.metrics;

import io.jray.proto.Address;
import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.process.DaemonThreads;
import io.jray.runtime.rpc.PeerChannels;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Sends a driver's or worker's {@link CoreWorkerMetrics} to its node's raylet every metrics_report_interval_ms,
 * and soon (metrics_task_report_delay_ms) after tasks end, since a job's workers are killed when it ends and
 * would otherwise take their last tasks' counts with them; a burst of tasks makes one report. One thread of its
 * own. A raylet that does not answer misses that report only: the next one carries the same counters, grown.
 */
public final class CoreWorkerMetricsReporter implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(CoreWorkerMetricsReporter.class.getName());
  /** How long the last report, sent while the process ends, may take. */
  private static final long LAST_REPORT_TIMEOUT_MS = 2000;

  private final CoreWorkerMetrics metrics;
  private final PeerChannels peers;
  private final Address raylet;
  private final String reporter;
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("metrics-report"));
  private final AtomicBoolean reportPending = new AtomicBoolean();

  public CoreWorkerMetricsReporter(CoreWorkerMetrics metrics, PeerChannels peers, Address raylet, Address self) {
    this.metrics = metrics;
    this.peers = peers;
    this.raylet = raylet;
    this.reporter = self.getIp() + ":" + self.getPort();
    long period = JrayConfig.METRICS_REPORT_INTERVAL_MS.get();
    thread.scheduleWithFixedDelay(() -> send(JrayConfig.RPC_TIMEOUT_MS.get()), period, period, TimeUnit.MILLISECONDS);
    metrics.onTaskEnded(this::reportSoon);
  }

  private void reportSoon() {
    if (reportPending.compareAndSet(false, true)) {
      try {
        thread.schedule(() -> {
          reportPending.set(false);
          send(JrayConfig.RPC_TIMEOUT_MS.get());
        }, JrayConfig.METRICS_TASK_REPORT_DELAY_MS.get(), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException closed) {
        reportPending.set(false);
      }
    }
  }

  private void send(long timeoutMs) {
    try {
      peers.rayletBlocking(raylet).withDeadlineAfter(timeoutMs, TimeUnit.MILLISECONDS)
          .reportCoreWorkerMetrics(metrics.snapshot(reporter));
    } catch (RuntimeException e) {
      LOG.fine("metrics not sent to the raylet: " + e);
    }
  }

  /** Stops reporting, after a last report: what a short driver did since the previous one is not lost. */
  @Override
  public void close() {
    metrics.onTaskEnded(() -> {});
    thread.shutdownNow();
    send(LAST_REPORT_TIMEOUT_MS);
  }
}
