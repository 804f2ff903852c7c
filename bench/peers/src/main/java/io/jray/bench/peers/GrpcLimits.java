package io.jray.bench.peers;

import static io.jray.bench.peers.PeerSettings.CALL_TIMEOUT;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import io.jray.bench.Trial;
import io.jray.bench.Workload;
import io.jray.bench.peers.echo.EchoGrpc;
import io.jray.bench.peers.echo.Ping;
import io.jray.runtime.rpc.RpcChannels;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What gRPC itself does between two JVMs on this machine: one client channel, built as jray builds its channels
 * ({@link RpcChannels}), to a {@link GrpcEchoServer} in a JVM of its own, with a 2-byte message (Ray's
 * {@code b"ok"}). Calls are made from the runner's thread; async replies arrive on gRPC's threads.
 */
final class GrpcLimits {
  private static final Ping PING = Ping.newBuilder().setPayload(ByteString.copyFromUtf8("ok")).build();

  private GrpcLimits() {}

  /** One blocking unary call at a time: the round trip a sync task or actor call needs at least. */
  static Workload unarySync() {
    return onChannel("limit_grpc_unary_sync", (channel, s) -> {
      EchoGrpc.EchoBlockingStub stub = EchoGrpc.newBlockingStub(channel);
      return Trial.of(1, () -> stub.withDeadlineAfter(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).unary(PING));
    });
  }

  /** Batches of unary calls, at most {@link PeerSettings#ASYNC_IN_FLIGHT} in flight; counts calls. */
  static Workload unaryAsync() {
    return onChannel("limit_grpc_unary_async", (channel, s) -> {
      EchoGrpc.EchoStub stub = EchoGrpc.newStub(channel);
      Semaphore inFlight = new Semaphore(PeerSettings.ASYNC_IN_FLIGHT);
      int n = s.batch(PeerSettings.BATCH);
      return Trial.of(n, () -> {
        ReplyBatch batch = new ReplyBatch(n);
        for (int i = 0; i < n; i++) {
          if (!inFlight.tryAcquire(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new TimeoutException("no call of the batch ended within " + CALL_TIMEOUT.toSeconds() + " s");
          }
          stub.withDeadlineAfter(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
              .unary(PING, batch.observer(inFlight::release));
        }
        batch.await();
      });
    });
  }

  /** Batches of messages on one bidirectional stream, each echoed back; counts messages. */
  static Workload streaming() {
    return onChannel("limit_grpc_streaming", (channel, s) -> {
      EchoGrpc.EchoStub stub = EchoGrpc.newStub(channel);
      int n = s.batch(PeerSettings.BATCH);
      return Trial.of(n, () -> {
        ReplyBatch batch = new ReplyBatch(n);
        StreamObserver<Ping> stream = stub.withDeadlineAfter(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .stream(batch.observer(() -> {}));
        for (int i = 0; i < n; i++) {
          stream.onNext(PING);
        }
        stream.onCompleted();
        batch.await();
      });
    });
  }

  /** A workload whose trials run on a channel to a fresh echo server. */
  private static Workload onChannel(String name, Trials.On<ManagedChannel> prepare) {
    return Workload.of(name, s -> Trials.againstServer(GrpcEchoServer.class, List.of(), List.of(), server -> {
      ManagedChannel channel = RpcChannels.open("127.0.0.1", server.port());
      return Trials.owning(channel, () -> RpcChannels.close(channel), c -> prepare.prepare(c, s));
    }));
  }
}
