package io.jray.runtime.metrics;

import io.jray.proto.Address;
import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.rpc.PeerChannels;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Sends a driver's or worker's {@link CoreWorkerMetrics} to its node's raylet every metrics_report_interval_ms, on
 * the core worker's timer thread. A raylet that does not answer misses that report only: the next one carries the
 * same counters, grown.
 */
public final class CoreWorkerMetricsReporter implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(CoreWorkerMetricsReporter.class.getName());

  private final ScheduledFuture<?> task;

  public CoreWorkerMetricsReporter(CoreWorkerMetrics metrics, PeerChannels peers, Address raylet, Address self,
      ScheduledExecutorService timer) {
    String reporter = self.getIp() + ":" + self.getPort();
    long period = JrayConfig.METRICS_REPORT_INTERVAL_MS.get();
    this.task = timer.scheduleWithFixedDelay(() -> {
      try {
        peers.rayletBlocking(raylet).withDeadlineAfter(JrayConfig.RPC_TIMEOUT_MS.get(), TimeUnit.MILLISECONDS)
            .reportCoreWorkerMetrics(metrics.snapshot(reporter));
      } catch (RuntimeException e) {
        LOG.fine("metrics not sent to the raylet: " + e);
      }
    }, period, period, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    task.cancel(false);
  }
}
