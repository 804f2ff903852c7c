package io.jray.raylet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.jray.proto.Bundle;
import io.jray.proto.BundleId;
import io.jray.proto.NodeManagerServiceGrpc;
import io.jray.proto.PrepareBundleResourcesRequest;
import io.jray.proto.RequestWorkerLeaseRequest;
import io.jray.proto.ResourceMap;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A lease or bundle asking for a negative, NaN, infinite or fractional-above-1 amount is refused with
 * INVALID_ARGUMENT and the node's resources stay as they were (CPU=-100 would inflate the node for the lease's
 * lifetime; NaN would make every later shape fit). The refusal comes before any worker is needed, so the raylet's
 * real service runs here without a worker pool.
 */
class InvalidResourceAmountsTest {
  private static final Map<String, Double> TOTAL = Map.of("CPU", 2.0, "memory", 1e9);

  private final LocalResources resources = new LocalResources(TOTAL);
  private final PlacementGroupResources bundles = new PlacementGroupResources(resources);
  private Server server;
  private ManagedChannel channel;
  private NodeManagerServiceGrpc.NodeManagerServiceBlockingStub raylet;

  @BeforeEach
  void start() throws IOException {
    ByteString nodeId = ByteString.copyFromUtf8("node-under-test");
    LeaseManager leases = new LeaseManager(resources, bundles, null, nodeId, null, Map.of(),
        io.jray.scheduling.SchedulingPolicy.fromConfig());
    String name = InProcessServerBuilder.generateName();
    server = InProcessServerBuilder.forName(name).directExecutor()
        .addService(new NodeManagerService(nodeId, resources, bundles, leases, null, null, null)).build().start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    raylet = NodeManagerServiceGrpc.newBlockingStub(channel);
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow();
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  private StatusRuntimeException leaseRefused(double cpu) {
    return assertThrows(StatusRuntimeException.class, () -> raylet.withDeadlineAfter(5, TimeUnit.SECONDS)
        .requestWorkerLease(RequestWorkerLeaseRequest.newBuilder()
            .setShape(ResourceMap.newBuilder().putAmounts("CPU", cpu)).build()));
  }

  @Test
  void aLeaseForMinus100CpusIsRefusedAndTheNodeIsUnchanged() {
    StatusRuntimeException refused = leaseRefused(-100);
    assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode());
    assertTrue(refused.getStatus().getDescription().contains("CPU=-100.0"), refused.getStatus().getDescription());
    assertEquals(TOTAL, resources.available());
  }

  @Test
  void aLeaseForNanInfiniteOrFractionalAboveOneCpusIsRefusedAndTheNodeIsUnchanged() {
    for (double cpu : new double[] {Double.NaN, Double.POSITIVE_INFINITY, 1.5}) {
      assertEquals(Status.Code.INVALID_ARGUMENT, leaseRefused(cpu).getStatus().getCode(), "CPU=" + cpu);
      assertEquals(TOTAL, resources.available(), "CPU=" + cpu);
    }
  }

  @Test
  void aBundleWithANegativeAmountIsRefusedAndNothingIsReserved() {
    StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> raylet
        .withDeadlineAfter(5, TimeUnit.SECONDS).prepareBundleResources(PrepareBundleResourcesRequest.newBuilder()
            .addBundles(Bundle.newBuilder().setId(BundleId.newBuilder()
                .setPlacementGroupId(ByteString.copyFromUtf8("pg")).setBundleIndex(0))
                .setResources(ResourceMap.newBuilder().putAmounts("CPU", -4))).build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode());
    assertEquals(TOTAL, resources.available());
  }
}
