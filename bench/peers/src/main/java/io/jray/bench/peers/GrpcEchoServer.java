package io.jray.bench.peers;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.jray.bench.peers.echo.EchoGrpc;
import io.jray.bench.peers.echo.Ping;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The server JVM of the gRPC limits: answers every message with itself, on 127.0.0.1 and a free port, with
 * grpc-java's defaults (Netty, the default executor) and nothing of jray's (no token, no health service), so the
 * figures are gRPC's own. {@code java ... GrpcEchoServer}; it runs until SIGTERM or until its parent exits.
 */
public final class GrpcEchoServer extends EchoGrpc.EchoImplBase {

  public static void main(String[] args) throws IOException, InterruptedException {
    ChildSide.exitWithParent();
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(new GrpcEchoServer())
        .build()
        .start();
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow, "echo-server-stop"));
    ChildSide.announcePort(server.getPort());
    server.awaitTermination();
  }

  @Override
  public void unary(Ping request, StreamObserver<Ping> reply) {
    reply.onNext(request);
    reply.onCompleted();
  }

  @Override
  public StreamObserver<Ping> stream(StreamObserver<Ping> replies) {
    return new StreamObserver<>() {
      @Override
      public void onNext(Ping ping) {
        replies.onNext(ping);
      }

      @Override
      public void onError(Throwable t) {
        // the client went away; nothing to answer
      }

      @Override
      public void onCompleted() {
        replies.onCompleted();
      }
    };
  }
}
