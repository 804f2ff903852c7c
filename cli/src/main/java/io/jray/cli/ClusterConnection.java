package io.jray.cli;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.jray.runtime.cluster.ClusterAddress;
import io.jray.proto.JobSubmissionServiceGrpc;
import io.jray.proto.NodeInfo;
import io.jray.proto.NodeManagerServiceGrpc;
import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.gcs.GcsClient;
import io.jray.runtime.packaging.PackageClient;
import io.jray.runtime.rpc.RpcChannels;
import io.jray.runtime.rpc.AuthToken;
import io.jray.runtime.rpc.HostPort;
import io.jray.runtime.rpc.TransportFailures;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A CLI command's link to the cluster: resolves the address (--address > JRAY_ADDRESS > address file), opens
 * the GCS client, and turns RPC failures into the sentences users see (no cluster, stale address file, wrong
 * token).
 *
 * <p>The channel is built for a process that makes a few calls and exits: one NIO event-loop thread (no
 * native epoll library to unpack and load) that {@link #close()} ends at once. A thread left in epoll or
 * select makes the JVM's exit wait about 300 ms for it, longer than the call itself.
 */
final class ClusterConnection implements AutoCloseable {
  private final ClusterAddress.Resolved resolved;
  private final EventLoopGroup eventLoop;
  private final GcsClient gcs;
  private final AuthToken token;
  private final List<ManagedChannel> rayletChannels = new ArrayList<>();

  private ClusterConnection(ClusterAddress.Resolved resolved, AuthToken token) {
    this.resolved = resolved;
    this.eventLoop = new NioEventLoopGroup(1, new DefaultThreadFactory("jray-cli-rpc", true));
    this.gcs = new GcsClient(channel(resolved.address(), eventLoop), resolved.address(), token);
    this.token = token;
  }

  private static ManagedChannel channel(HostPort address, EventLoopGroup eventLoop) {
    return RpcChannels.builder(address.host(), address.port())
        .eventLoopGroup(eventLoop)
        .channelType(NioSocketChannel.class)
        .directExecutor()
        // Servers permit 30 s pings: a stream that follows a log notices a peer that vanished.
        .keepAliveTime(30, TimeUnit.SECONDS)
        .build();
  }

  static ClusterConnection open(AddressMixin address) {
    ClusterAddress.Resolved resolved = ClusterAddress.resolve(address.address, address.tempDir.get())
        .orElseThrow(() -> new CliException("No jray cluster is recorded in "
            + ClusterAddress.file(address.tempDir.get()) + "; start one with 'jray start --head' or pass --address."));
    AuthToken token = AuthToken.find();
    if (token == null) {
      throw new CliException("No cluster token was found; set JRAY_AUTH_TOKEN or copy the head's "
          + AuthToken.tokenFile() + " to this machine.");
    }
    return new ClusterConnection(resolved, token);
  }

  /** Runs one GCS call, translating failures into one sentence. */
  <T> T call(Function<GcsClient, T> rpc) {
    try {
      return rpc.apply(gcs);
    } catch (StatusRuntimeException e) {
      throw translate(e);
    }
  }

  /** Runs a job-service call (blocking stub, deadline set by the caller), translating failures the same way. */
  <T> T jobs(Function<JobSubmissionServiceGrpc.JobSubmissionServiceBlockingStub, T> rpc) {
    return call(g -> rpc.apply(JobSubmissionServiceGrpc.newBlockingStub(g.channel())
        .withCallCredentials(RpcChannels.credentials(token))
        .withDeadlineAfter(JrayConfig.RPC_TIMEOUT_MS.get(), TimeUnit.MILLISECONDS)));
  }

  /** The GCS's package store, for uploads; its calls fail with StatusRuntimeException, see {@link #translate}. */
  PackageClient packages() {
    return gcs.packages();
  }

  /** The raylet of a node, on a channel closed with this connection; each call sets its own deadline. */
  NodeManagerServiceGrpc.NodeManagerServiceBlockingStub raylet(NodeInfo node) {
    ManagedChannel channel = channel(new HostPort(node.getNodeIp(), node.getNodeManagerPort()), eventLoop);
    rayletChannels.add(channel);
    return NodeManagerServiceGrpc.newBlockingStub(channel).withCallCredentials(RpcChannels.credentials(token));
  }

  /** A raylet call that failed, as one sentence naming the node. */
  CliException translate(StatusRuntimeException e, NodeInfo node) {
    Status.Code code = e.getStatus().getCode();
    if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED) {
      return new CliException("The raylet of node " + HexFormat.of().formatHex(node.getNodeId().toByteArray())
          + " at " + node.getNodeIp() + ":" + node.getNodeManagerPort() + " does not answer (" + code
          + "); check that the node is running ('jray status').", ExitCodes.FAILED, e);
    }
    return translate(e);
  }

  /** Whether a head of this user at {@code gcs} still has its reaper running (then its GCS may be restarting). */
  private static boolean headStillUp(java.nio.file.Path tempDir, String gcs) {
    try {
      for (java.nio.file.Path file : io.jray.node.NodeStopper.nodeFiles(tempDir)) {
        io.jray.node.NodeFile node = io.jray.node.NodeFile.read(file);
        if (node.head() && gcs.equals(node.gcsAddress()) && node.processes().stream()
            .anyMatch(d -> d.daemonKind() == io.jray.node.DaemonKind.REAPER
                && new io.jray.runtime.process.ProcessRecord(d.pid(), d.startTicks()).isAlive())) {
          return true;
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      // cannot tell: say what is certain
    }
    return false;
  }

  CliException translate(StatusRuntimeException e) {
    String where = resolved.address().toString();
    Status.Code code = e.getStatus().getCode();
    String tls = TransportFailures.describe(e, where);
    if (tls != null) {
      return new CliException(tls, ExitCodes.FAILED, e);
    }
    if (code == Status.Code.UNAUTHENTICATED) {
      return new CliException(AuthToken.rejectedBy(where, "the"), ExitCodes.FAILED, e);
    }
    if (code == Status.Code.UNAVAILABLE && unresolvable(e)) {
      return new CliException("The host of " + where + " cannot be resolved; check the address.", ExitCodes.FAILED,
          e);
    }
    if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED) {
      if (resolved.source() == ClusterAddress.Source.ADDRESS_FILE && headStillUp(resolved.file().getParent(), where)) {
        return new CliException("The GCS at " + where + " is not answering; it may be restarting (its head's other "
            + "processes are running): try again in a few seconds.", ExitCodes.FAILED, e);
      }
      if (resolved.source() == ClusterAddress.Source.ADDRESS_FILE) {
        return new CliException("The address file " + resolved.file() + " names " + where
            + ", but no jray cluster answers there (stale file); start one with 'jray start --head'.",
            ExitCodes.FAILED, e);
      }
      return new CliException("No jray cluster is running at " + where + ". Start one with 'jray start --head'.",
          ExitCodes.FAILED, e);
    }
    String description = String.valueOf(e.getStatus().getDescription());
    if (code == Status.Code.UNIMPLEMENTED
        || (code == Status.Code.INTERNAL && description.toLowerCase(java.util.Locale.ROOT).contains("http"))) {
      return new CliException("What answers at " + where + " is not a jray cluster's GCS; give the address of the "
          + "head's GCS (host:port, the port of 'jray start --head --port').", ExitCodes.FAILED, e);
    }
    if (code == Status.Code.NOT_FOUND || code == Status.Code.INVALID_ARGUMENT || code == Status.Code.ALREADY_EXISTS
        || code == Status.Code.DATA_LOSS) {
      return new CliException(e.getStatus().getDescription(), ExitCodes.FAILED, e);
    }
    return new CliException("The jray cluster at " + where + " failed the request: " + e.getStatus().getCode()
        + " " + e.getStatus().getDescription() + ".", ExitCodes.FAILED, e);
  }

  String address() {
    return resolved.address().toString();
  }

  private static boolean unresolvable(StatusRuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.UnknownHostException) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    rayletChannels.forEach(ManagedChannel::shutdownNow);
    gcs.close();
    eventLoop.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
  }
}
