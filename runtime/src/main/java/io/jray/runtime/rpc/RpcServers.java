package io.jray.runtime.rpc;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds every jray gRPC server the same way: all interfaces, the token interceptor on every service
 * (the standard health service included), and the health service reporting SERVING once started.
 */
public final class RpcServers {
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
  public static Started start(int port, AuthToken token, List<BindableService> services) throws IOException {
    return start(port, token, services, false);
  }

  /**
   * A server whose handlers never block: they run on the network thread that read the call, with no hand-off to
   * another thread per message (on a busy machine the hand-off costs more than a small message).
   */
  public static Started startNonBlocking(int port, AuthToken token, List<BindableService> services)
      throws IOException {
    return start(port, token, services, true);
  }

  private static Started start(int port, AuthToken token, List<BindableService> services, boolean direct)
      throws IOException {
    HealthStatusManager health = new HealthStatusManager();
    TokenServerInterceptor auth = new TokenServerInterceptor(token);
    NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(port))
        .maxInboundMessageSize(Integer.MAX_VALUE)
        // Clients ping long-lived streams (actor watches, driver registrations) every 30 s; the default policy
        // (one ping per 5 min) would answer GOAWAY too_many_pings and break them.
        .permitKeepAliveTime(10, TimeUnit.SECONDS)
        .permitKeepAliveWithoutCalls(true)
        .addService(ServerInterceptors.intercept(health.getHealthService(), auth));
    for (BindableService service : services) {
      builder.addService(ServerInterceptors.intercept(service, auth));
    }
    if (direct) {
      builder.directExecutor();
    }
    Server server = builder.build().start();
    health.setStatus("", io.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING);
    return new Started(server, health);
  }
}
