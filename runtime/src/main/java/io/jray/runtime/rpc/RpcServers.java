package io.jray.runtime.rpc;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.jray.runtime.config.JrayConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds every jray gRPC server the same way: bound to the node's address (all interfaces only when asked, with
 * {@link #ALL_INTERFACES}), the token interceptor on every service (the standard health service included, which
 * alone also answers without a token), mutual TLS when {@code JRAY_USE_TLS} is on (with a client certificate
 * required by every service but health), and the health service reporting SERVING once started.
 */
public final class RpcServers {
  /** The bind host that means every interface ({@code jray start --bind-all}). */
  public static final String ALL_INTERFACES = "0.0.0.0";
  /** The bind host of a process that serves only its own machine (a driver's local cluster, tests). */
  public static final String LOOPBACK = "127.0.0.1";

  private RpcServers() {}

  /** A started server and its health manager. */
  public record Started(Server server, HealthStatusManager health) {
    public int port() {
      return server.getPort();
    }

    public void shutdown() {
      health.enterTerminalState();
      server.shutdown();
    }
  }

  /** A server whose handlers run on gRPC's default pool (they may block). */
  public static Started start(String bindHost, int port, AuthToken token, List<BindableService> services)
      throws IOException {
    return start(bindHost, port, token, services, false);
  }

  /**
   * A server whose handlers never block: they run on the network thread that read the call, with no hand-off to
   * another thread per message (on a busy machine the hand-off costs more than a small message).
   */
  public static Started startNonBlocking(String bindHost, int port, AuthToken token, List<BindableService> services)
      throws IOException {
    return start(bindHost, port, token, services, true);
  }

  private static Started start(String bindHost, int port, AuthToken token, List<BindableService> services,
      boolean direct) throws IOException {
    HealthStatusManager health = new HealthStatusManager();
    boolean tls = ClusterTls.enabled();
    // Listed innermost first: the latency timer wraps the checks, so refused calls are timed too.
    ServerInterceptor[] checks = tls
        ? new ServerInterceptor[] {new ClientCertificateInterceptor(), new TokenServerInterceptor(token),
            new io.jray.runtime.metrics.RpcLatencyInterceptor()}
        : new ServerInterceptor[] {new TokenServerInterceptor(token), new io.jray.runtime.metrics.RpcLatencyInterceptor()};
    NettyServerBuilder builder = NettyServerBuilder.forAddress(bindAddress(bindHost, port))
        // Bounded, so one request cannot make a daemon allocate what its heap cannot hold: a larger message is
        // refused with RESOURCE_EXHAUSTED and the daemon goes on.
        .maxInboundMessageSize(JrayConfig.RPC_MAX_MESSAGE_BYTES.get())
        // Clients ping long-lived streams (actor watches, driver registrations) every 30 s; the default policy
        // (one ping per 5 min) would answer GOAWAY too_many_pings and break them.
        .permitKeepAliveTime(10, TimeUnit.SECONDS)
        .permitKeepAliveWithoutCalls(true)
        .addService(ServerInterceptors.intercept(health.getHealthService(), checks));
    for (BindableService service : services) {
      builder.addService(ServerInterceptors.intercept(service, checks));
    }
    if (tls) {
      builder.sslContext(ClusterTls.serverContext());
    }
    if (direct) {
      builder.directExecutor();
    }
    Server server = builder.build().start();
    health.setStatus("", io.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING);
    return new Started(server, health);
  }

  private static InetSocketAddress bindAddress(String host, int port) {
    if (host == null || host.isBlank()) {
      return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }
    return ALL_INTERFACES.equals(host) ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
  }
}
