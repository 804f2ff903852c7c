package io.jray.gcs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.jray.proto.InternalKvGcsServiceGrpc;
import io.jray.proto.KvGetRequest;
import io.jray.proto.KvPutRequest;
import io.jray.runtime.rpc.AuthToken;
import io.jray.runtime.rpc.RpcChannels;
import io.jray.runtime.rpc.RpcServers;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The GCS's key-value store over gRPC: a value above kv_max_value_bytes is refused and nothing changes; a message
 * above rpc_max_message_bytes is refused by the transport and the server goes on.
 */
class InternalKvServiceTest {
  private Server server;
  private ManagedChannel channel;
  private InternalKvGcsServiceGrpc.InternalKvGcsServiceBlockingStub kv;

  @BeforeEach
  void start() throws IOException {
    String name = InProcessServerBuilder.generateName();
    server = InProcessServerBuilder.forName(name).directExecutor().addService(new InternalKvService(new KvManager()))
        .build().start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    kv = InternalKvGcsServiceGrpc.newBlockingStub(channel);
  }

  @AfterEach
  void stop() throws InterruptedException {
    System.clearProperty("jray.kv_max_value_bytes");
    channel.shutdownNow();
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  private KvPutRequest put(String key, int bytes) {
    return KvPutRequest.newBuilder().setNamespace("ns").setKey(ByteString.copyFromUtf8(key))
        .setValue(ByteString.copyFrom(new byte[bytes])).setOverwrite(true).build();
  }

  private boolean found(String key) {
    return kv.withDeadlineAfter(5, TimeUnit.SECONDS).get(KvGetRequest.newBuilder().setNamespace("ns")
        .setKey(ByteString.copyFromUtf8(key)).build()).getFound();
  }

  @Test
  void aValueAboveTheCapIsRefusedNamingTheSettingAndNothingIsStored() {
    System.setProperty("jray.kv_max_value_bytes", "1024");
    StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
        () -> kv.withDeadlineAfter(5, TimeUnit.SECONDS).put(put("big", 1025)));
    assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode());
    assertEquals("A value of 1025 bytes is larger than the GCS's key-value store takes (jray.kv_max_value_bytes"
        + " = 1024 bytes); store it as an object instead, or raise that setting on the head.",
        refused.getStatus().getDescription());
    assertFalse(found("big"));

    assertTrue(kv.withDeadlineAfter(5, TimeUnit.SECONDS).put(put("fits", 1024)).getAdded(),
        "the store still takes a value at the cap");
    assertTrue(found("fits"));
  }

  @Test
  void aMessageAboveTheRpcLimitIsRefusedAndTheServerGoesOn() throws IOException {
    System.setProperty("jray.rpc_max_message_bytes", Integer.toString(64 << 10));
    AuthToken token = AuthToken.of("message-limit-test-token");
    RpcServers.Started real = RpcServers.start(RpcServers.LOOPBACK, 0, token,
        List.of(new InternalKvService(new KvManager())));
    ManagedChannel network = RpcChannels.open(RpcServers.LOOPBACK, real.port());
    try {
      InternalKvGcsServiceGrpc.InternalKvGcsServiceBlockingStub overNetwork =
          InternalKvGcsServiceGrpc.newBlockingStub(network).withCallCredentials(RpcChannels.credentials(token));
      StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
          () -> overNetwork.withDeadlineAfter(10, TimeUnit.SECONDS).put(put("huge", 128 << 10)));
      assertEquals(Status.Code.RESOURCE_EXHAUSTED, refused.getStatus().getCode(), refused::toString);
      assertTrue(overNetwork.withDeadlineAfter(10, TimeUnit.SECONDS).put(put("small", 1024)).getAdded(),
          "the server still answers after refusing the large message");
    } finally {
      System.clearProperty("jray.rpc_max_message_bytes");
      RpcChannels.close(network);
      real.shutdown();
    }
  }
}
