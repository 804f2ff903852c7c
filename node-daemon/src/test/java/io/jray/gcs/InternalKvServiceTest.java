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
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The GCS's key-value store over gRPC: a value above kv_max_value_bytes is refused and nothing changes. */
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
}
