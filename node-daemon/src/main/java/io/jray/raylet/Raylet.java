package io.jray.raylet;

import com.google.protobuf.ByteString;
import io.grpc.BindableService;
import io.jray.proto.NodeInfo;
import io.jray.proto.ReportResourceUsageRequest;
import io.jray.proto.ResourceMap;
import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.gcs.GcsClient;
import io.jray.runtime.rpc.AuthToken;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Wires the raylet: registers the node with the GCS, reports its resources periodically, and serves the
 * NodeManager service. On shutdown it tells the GCS the node is leaving.
 */
final class Raylet implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Raylet.class.getName());

  private final RayletConfig config;
  private final GcsClient gcs;
  private final LocalResources resources;
  private final ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "resource-report");
    t.setDaemon(true);
    return t;
  });

  Raylet(RayletConfig config, AuthToken token) {
    this.config = config;
    this.gcs = new GcsClient(config.gcsAddress(), token);
    this.resources = new LocalResources(config.resources());
  }

  List<BindableService> services() {
    return List.of(new NodeManagerService(ByteString.copyFrom(config.nodeId()), resources));
  }

  /** Registers with the GCS; if the GCS refuses or cannot be reached, the raylet exits (the launcher reports it). */
  void start(int port) {
    NodeInfo node = NodeInfo.newBuilder()
        .setNodeId(ByteString.copyFrom(config.nodeId()))
        .setNodeIp(config.nodeIp())
        .setNodeManagerPort(port)
        .setObjectStorePort(config.objectStorePort())
        .setTotal(ResourceMap.newBuilder().putAllAmounts(config.resources()))
        .putAllLabels(config.labels())
        .setIsHead(config.head())
        .setSessionDir(config.sessionDir())
        .setHostname(hostname())
        .build();
    gcs.registerNode(node);
    long period = JrayConfig.RESOURCE_REPORT_PERIOD_MS.get();
    reporter.scheduleWithFixedDelay(this::report, period, period, TimeUnit.MILLISECONDS);
  }

  private void report() {
    try {
      gcs.reportResourceUsage(ReportResourceUsageRequest.newBuilder()
          .setNodeId(ByteString.copyFrom(config.nodeId()))
          .setAvailable(ResourceMap.newBuilder().putAllAmounts(resources.available()))
          .build());
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "resource report failed", e);
    }
  }

  private static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "";
    }
  }

  @Override
  public void close() {
    reporter.shutdownNow();
    try {
      gcs.unregisterNode(ByteString.copyFrom(config.nodeId()), "node stopped");
    } catch (RuntimeException e) {
      LOG.info("could not tell the GCS this node is leaving: " + e.getMessage());
    }
    gcs.close();
  }
}
