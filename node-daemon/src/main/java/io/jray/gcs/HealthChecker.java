package io.jray.gcs;

import io.jray.runtime.process.DaemonThreads;
import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.jray.proto.NodeInfo;
import io.jray.proto.NodeState;
import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.rpc.AuthToken;
import io.jray.runtime.rpc.HealthProbe;
import io.jray.runtime.rpc.RpcChannels;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Health-checks every live raylet over the standard gRPC health service, as Ray's GCS does: every
 * {@code health_check_period_ms}, each probe bounded by {@code health_check_timeout_ms}; after
 * {@code health_check_failure_threshold} failures in a row the node is marked dead. One scheduler thread
 * starts the rounds; probes are asynchronous (no thread waits on one), so a hung node does not delay the others, and
 * their results are handled on one thread.
 */
public final class HealthChecker implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(HealthChecker.class.getName());

  private final NodeManager nodes;
  private final AuthToken token;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("health"));
  /** Where probe results are handled (marking a node dead writes to storage): not gRPC's network threads. */
  private final ExecutorService probes = Executors.newSingleThreadExecutor(DaemonThreads.named("health-probe"));
  private final Map<ByteString, Checked> checked = new ConcurrentHashMap<>();
  /** Health checks that failed, since the GCS started (for the metrics). */
  final java.util.concurrent.atomic.LongAdder failedChecks = new java.util.concurrent.atomic.LongAdder();

  private static final class Checked {
    final ManagedChannel channel;
    final long firstCheckAtMs;
    int failures;
    volatile boolean inFlight;

    Checked(ManagedChannel channel, long firstCheckAtMs) {
      this.channel = channel;
      this.firstCheckAtMs = firstCheckAtMs;
    }
  }

  public HealthChecker(NodeManager nodes, AuthToken token) {
    this.nodes = nodes;
    this.token = token;
    nodes.addListener(this::onNodeChange);
    // The nodes a previous GCS knew alive are checked too (after the initial delay, so they can reconnect).
    nodes.alive().forEach(this::onNodeChange);
  }

  public void start() {
    long period = JrayConfig.HEALTH_CHECK_PERIOD_MS.get();
    scheduler.scheduleWithFixedDelay(this::round, period, period, TimeUnit.MILLISECONDS);
  }

  private void onNodeChange(NodeInfo node) {
    if (node.getState() == NodeState.NODE_ALIVE) {
      long start = System.currentTimeMillis() + JrayConfig.HEALTH_CHECK_INITIAL_DELAY_MS.get();
      Checked previous = checked.put(node.getNodeId(),
          new Checked(RpcChannels.open(node.getNodeIp(), node.getNodeManagerPort()), start));
      if (previous != null) {
        previous.channel.shutdownNow();
      }
    } else {
      Checked gone = checked.remove(node.getNodeId());
      if (gone != null) {
        gone.channel.shutdownNow();
      }
    }
  }

  private void round() {
    long now = System.currentTimeMillis();
    long timeout = JrayConfig.HEALTH_CHECK_TIMEOUT_MS.get();
    int threshold = JrayConfig.HEALTH_CHECK_FAILURE_THRESHOLD.get();
    checked.forEach((nodeId, state) -> {
      if (now < state.firstCheckAtMs || state.inFlight) {
        return;
      }
      state.inFlight = true;
      HealthProbe.checkAsync(state.channel, token, timeout).whenCompleteAsync((result, error) -> {
        try {
          if (result == HealthProbe.Result.SERVING) {
            state.failures = 0;
          } else {
            failedChecks.increment();
            if (++state.failures >= threshold) {
              LOG.warning("node=" + NodeManager.hex(nodeId) + " failed " + state.failures + " health checks ("
                  + result + ")");
              nodes.markDead(nodeId, "health check failed " + state.failures + " times (" + result + ")");
            }
          }
        } finally {
          state.inFlight = false;
        }
      }, probes);
    });
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    probes.shutdownNow();
    checked.values().forEach(c -> c.channel.shutdownNow());
  }
}
