package io.jray.cli;

import com.google.protobuf.ByteString;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.grpc.stub.StreamObserver;
import io.jray.proto.GetClusterStatusReply;
import io.jray.proto.GetClusterStatusRequest;
import io.jray.proto.NodeInfo;
import io.jray.proto.NodeInfoGcsServiceGrpc;
import io.jray.proto.NodeState;
import io.jray.proto.ResourceDemand;
import io.jray.proto.ResourceMap;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The training run of the CLI's class-data-sharing archive: bin/jray runs this once with
 * {@code -XX:ArchiveClassesAtExit} so that the archive holds what real commands load. It answers a few
 * {@code jray status} calls from an in-process stand-in for the GCS (bound to 127.0.0.1 on a free port, gone
 * when this process ends), has one fail to connect, and renders every command's help. Output is discarded.
 * Needs JRAY_AUTH_TOKEN set (to anything), as every client command does.
 */
public final class CdsTraining {
  private CdsTraining() {}

  public static void main(String[] args) throws Exception {
    EventLoopGroup eventLoop = new NioEventLoopGroup(1, new DefaultThreadFactory("cds-training", true));
    Server gcs = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .channelType(NioServerSocketChannel.class)
        .bossEventLoopGroup(eventLoop)
        .workerEventLoopGroup(eventLoop)
        .directExecutor()
        .addService(new StandInGcs())
        .addService(new StandInActors())
        .build()
        .start();
    boolean answered;
    try {
      String address = "--address=127.0.0.1:" + gcs.getPort();
      answered = run("status", address) == ExitCodes.OK;
      answered &= run("status", address, "--format=json") == ExitCodes.OK;
      answered &= run("status", address, "-v") == ExitCodes.OK;
      run("status", "--address=127.0.0.1:1");
      run("--help");
      run("--version");
      run("start", "--help");
      run("stop", "--help");
      run("status", "--help");
      run("start", "--no-such-option");
    } finally {
      gcs.shutdownNow();
      eventLoop.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
    // A status that failed trained little: say so (bin/jray still uses the archive; a test checks this).
    System.exit(answered ? ExitCodes.OK : ExitCodes.FAILED);
  }

  private static int run(String... args) {
    PrintWriter discard = new PrintWriter(OutputStream.nullOutputStream());
    return Main.commandLine().setOut(discard).setErr(discard).execute(args);
  }

  /** Answers GetClusterStatus with a small cluster: a head, a worker with labels, a dead node, a demand. */
  private static final class StandInGcs extends NodeInfoGcsServiceGrpc.NodeInfoGcsServiceImplBase {
    @Override
    public void getClusterStatus(GetClusterStatusRequest request, StreamObserver<GetClusterStatusReply> reply) {
      Map<String, Double> total = Map.of("CPU", 2.0, "memory", 8.0e9, "object_store_memory", 2.0e9, "accel", 1.0);
      reply.onNext(GetClusterStatusReply.newBuilder()
          .addNodes(node(1, true, NodeState.NODE_ALIVE, total, Map.of("CPU", 1.0)))
          .addNodes(node(2, false, NodeState.NODE_ALIVE, total, total).toBuilder().putLabels("zone", "a").build())
          .addNodes(node(3, false, NodeState.NODE_DEAD, total, total).toBuilder().setDeathReason("lost").build())
          .addDemands(ResourceDemand.newBuilder().setShape(ResourceMap.newBuilder().putAmounts("CPU", 4.0)).setCount(1))
          .setNowMs(System.currentTimeMillis())
          .build());
      reply.onCompleted();
    }

    private static NodeInfo node(int id, boolean head, NodeState state, Map<String, Double> total,
        Map<String, Double> available) {
      return NodeInfo.newBuilder()
          .setNodeId(ByteString.copyFrom(new byte[] {(byte) id}))
          .setNodeIp("127.0.0.1")
          .setNodeManagerPort(1000 + id)
          .setObjectStorePort(2000 + id)
          .setTotal(ResourceMap.newBuilder().putAllAmounts(total))
          .setAvailable(ResourceMap.newBuilder().putAllAmounts(available))
          .setState(state)
          .setIsHead(head)
          .setHostname("training")
          .build();
    }
  }

  /** Answers GetAllActorInfo (status -v and --format=json list actors) with one live actor. */
  private static final class StandInActors extends io.jray.proto.ActorInfoGcsServiceGrpc.ActorInfoGcsServiceImplBase {
    @Override
    public void getAllActorInfo(io.jray.proto.GetAllActorInfoRequest request,
        StreamObserver<io.jray.proto.GetAllActorInfoReply> reply) {
      reply.onNext(io.jray.proto.GetAllActorInfoReply.newBuilder().addActors(io.jray.proto.ActorInfo.newBuilder()
          .setActorId(ByteString.copyFrom(new byte[16])).setState(io.jray.proto.ActorState.ACTOR_ALIVE)
          .setClassName("training.Counter").setName("counter").setNodeId(ByteString.copyFrom(new byte[] {1})))
          .build());
      reply.onCompleted();
    }
  }
}
