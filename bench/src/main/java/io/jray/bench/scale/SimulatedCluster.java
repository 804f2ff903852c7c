package io.jray.bench.scale;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.ManagedChannel;
import io.jray.proto.NodeInfoGcsServiceGrpc;
import io.jray.proto.RegisterNodeRequest;
import io.jray.proto.ReportResourceUsageReply;
import io.jray.proto.ReportResourceUsageRequest;
import io.jray.proto.UnregisterNodeRequest;
import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.process.DaemonThreads;
import io.jray.runtime.rpc.AuthToken;
import io.jray.runtime.rpc.HostPort;
import io.jray.runtime.rpc.RpcChannels;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Simulated raylets joined to a real GCS over the real protocol (issue 23's load tool): each registers and, as a
 * raylet does, reports its resources when they changed (looked at every {@code resource_report_period_ms}, sent at
 * least every {@code resource_report_keepalive_ms}) and takes the cluster view's changes from the reply,
 * and its own server answers the GCS's health checks, leases and bundles ({@link SimulatedNode}). Reports are
 * spread over the period, and a node's next report waits for its last (as a raylet's single reporter thread).
 * A report the GCS answers with "dead" ends that node (fencing), "unknown" registers it again.
 */
final class SimulatedCluster implements AutoCloseable {
  private static final long TICK_MS = 20;
  private static final int CHANNELS = 8;

  private final AuthToken token;
  private final List<ManagedChannel> channels = new ArrayList<>();
  private final List<NodeInfoGcsServiceGrpc.NodeInfoGcsServiceFutureStub> stubs = new ArrayList<>();
  private final List<Member> members = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("simulated-reports"));
  private long tick;
  private volatile boolean busy;

  final LongAdder reports = new LongAdder();
  final LongAdder failedReports = new LongAdder();
  final LongAdder viewNodesReceived = new LongAdder();

  private static final class Member {
    final SimulatedNode node;
    final NodeInfoGcsServiceGrpc.NodeInfoGcsServiceFutureStub gcs;
    final AtomicBoolean inFlight = new AtomicBoolean();
    /** The node table version and epoch of this node's last view refresh (a raylet's NodeView). */
    volatile long viewVersion;
    volatile String viewEpoch = "";
    /** The last report's content and time: an unchanged node reports only every resource_report_keepalive_ms. */
    volatile ReportResourceUsageRequest lastReport;
    volatile long lastReportMs;

    Member(SimulatedNode node, NodeInfoGcsServiceGrpc.NodeInfoGcsServiceFutureStub gcs) {
      this.node = node;
      this.gcs = gcs;
    }
  }

  SimulatedCluster(HostPort gcs, AuthToken token) {
    this.token = token;
    for (int i = 0; i < CHANNELS; i++) {
      ManagedChannel channel = RpcChannels.open(gcs);
      channels.add(channel);
      stubs.add(NodeInfoGcsServiceGrpc.newFutureStub(channel).withCallCredentials(RpcChannels.credentials(token)));
    }
    long period = JrayConfig.RESOURCE_REPORT_PERIOD_MS.get();
    ticker.scheduleWithFixedDelay(() -> reportSlice(Math.max(1, period / TICK_MS)), TICK_MS, TICK_MS,
        TimeUnit.MILLISECONDS);
  }

  /** Busy: every node's resources change every report period (leases coming and going), so every node reports. */
  void busy(boolean on) {
    busy = on;
  }

  /** Live nodes that have no view of the cluster yet (the GCS hands out whole views at a bounded rate). */
  long withoutView() {
    return members.stream().filter(m -> m.node.alive() && m.viewVersion == 0).count();
  }

  int size() {
    return members.size();
  }

  List<SimulatedNode> nodes() {
    return members.stream().map(m -> m.node).toList();
  }

  /** Adds nodes until there are {@code count}, each with these resources; returns when all are registered. */
  void growTo(int count, Map<String, Double> resources) throws IOException {
    List<ListenableFuture<?>> registrations = new ArrayList<>();
    while (members.size() < count) {
      SimulatedNode node = new SimulatedNode("127.0.0.1", resources);
      node.start(token);
      var stub = stubs.get(members.size() % stubs.size());
      registrations.add(stub.withDeadlineAfter(60, TimeUnit.SECONDS)
          .registerNode(RegisterNodeRequest.newBuilder().setNode(node.info()).build()));
      members.add(new Member(node, stub));
      if (registrations.size() >= 200) {
        await(registrations);
      }
    }
    await(registrations);
  }

  private static void await(List<ListenableFuture<?>> futures) {
    try {
      Futures.allAsList(futures).get(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("a simulated node could not register: " + e.getMessage(), e);
    }
    futures.clear();
  }

  private static void awaitQuietly(List<ListenableFuture<?>> futures) {
    try {
      Futures.successfulAsList(futures).get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      // A goodbye the GCS missed: it finds the node dead by its health checks.
    }
    futures.clear();
  }

  private void reportSlice(long slots) {
    long slot = tick++ % slots;
    for (int i = 0; i < members.size(); i++) {
      if (i % slots == slot) {
        if (busy) {
          members.get(i).node.wiggle();
        }
        report(members.get(i));
      }
    }
  }

  private void report(Member member) {
    if (!member.node.alive() || !member.inFlight.compareAndSet(false, true)) {
      return;
    }
    ReportResourceUsageRequest content = member.node.report();
    long now = System.currentTimeMillis();
    if (content.equals(member.lastReport) && now - member.lastReportMs < JrayConfig.RESOURCE_REPORT_KEEPALIVE_MS.get()) {
      member.inFlight.set(false);
      return;
    }
    long deadline = JrayConfig.RPC_TIMEOUT_MS.get();
    Futures.addCallback(member.gcs.withDeadlineAfter(deadline, TimeUnit.MILLISECONDS)
        .reportResourceUsage(content.toBuilder().setViewSinceVersion(member.viewVersion)
            .setViewEpoch(member.viewEpoch).build()), new FutureCallback<ReportResourceUsageReply>() {
          @Override
          public void onSuccess(ReportResourceUsageReply reply) {
            reports.increment();
            member.lastReport = content;
            member.lastReportMs = now;
            if (reply.getNodeDead()) {
              member.node.kill();
            } else if (reply.getUnknownNode()) {
              member.gcs.registerNode(RegisterNodeRequest.newBuilder().setNode(member.node.info()).build());
              member.lastReport = null;
            } else if (!reply.hasView()) {
              member.lastReport = null; // no view this time: asked again at the next period
            } else {
              member.viewVersion = reply.getView().getVersion();
              member.viewEpoch = reply.getView().getViewEpoch();
              viewNodesReceived.add(reply.getView().getNodesCount());
            }
            member.inFlight.set(false);
          }

          @Override
          public void onFailure(Throwable error) {
            failedReports.increment();
            member.inFlight.set(false);
          }
        }, MoreExecutors.directExecutor());
  }

  /** As raylets that stop: each says goodbye to the GCS, then its server ends. */
  @Override
  public void close() {
    ticker.shutdownNow();
    List<ListenableFuture<?>> goodbyes = new ArrayList<>();
    for (Member m : members) {
      if (m.node.alive()) {
        goodbyes.add(m.gcs.withDeadlineAfter(30, TimeUnit.SECONDS).unregisterNode(UnregisterNodeRequest.newBuilder()
            .setNodeId(m.node.id()).setReason("simulated node stopped").build()));
      }
      if (goodbyes.size() >= 200) {
        awaitQuietly(goodbyes);
      }
    }
    awaitQuietly(goodbyes);
    members.forEach(m -> m.node.close());
    channels.forEach(RpcChannels::close);
  }
}
