package io.jray.runtime.rpc;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.jray.runtime.config.JrayConfig;
import java.util.concurrent.TimeUnit;

/**
 * Builds the client channels every jray process uses: mutual TLS when {@code JRAY_USE_TLS} is on (plaintext
 * otherwise), the token on each call.
 */
public final class RpcChannels {
  private RpcChannels() {}

  /** A channel to host:port; the token travels through {@link #credentials(AuthToken)} on each stub. */
  public static ManagedChannel open(String host, int port) {
    return builder(host, port).keepAliveTime(30, TimeUnit.SECONDS).build();
  }

  public static ManagedChannel open(HostPort address) {
    return open(address.host(), address.port());
  }

  /** A builder with the cluster's transport security and message limit, for a caller that sets more. */
  public static NettyChannelBuilder builder(String host, int port) {
    NettyChannelBuilder builder = NettyChannelBuilder.forAddress(host, port)
        .maxInboundMessageSize(JrayConfig.RPC_MAX_MESSAGE_BYTES.get());
    return ClusterTls.enabled() ? builder.sslContext(ClusterTls.clientContext()) : builder.usePlaintext();
  }

  public static TokenCallCredentials credentials(AuthToken token) {
    return new TokenCallCredentials(token);
  }

  /** Closes a channel and waits briefly, so a CLI process exits without lingering threads. */
  public static void close(ManagedChannel channel) {
    channel.shutdownNow();
    try {
      channel.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
