package io.jray.gcs;

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
import io.jray.proto.ActorInfoGcsServiceGrpc;
import io.jray.proto.CreateActorRequest;
import io.jray.proto.CreatePlacementGroupRequest;
import io.jray.proto.NodeInfo;
import io.jray.proto.NodeInfoGcsServiceGrpc;
import io.jray.proto.PlacementGroupInfo;
import io.jray.proto.PlacementGroupInfoGcsServiceGrpc;
import io.jray.proto.RegisterNodeRequest;
import io.jray.proto.ResourceMap;
import io.jray.proto.TaskSpec;
import io.jray.runtime.resources.ResourceShapes;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Shapes entering the GCS (a node's registered resources, an actor's, a placement group's bundles) are refused
 * with INVALID_ARGUMENT when an amount is negative, NaN, infinite or fractional above 1, before any manager sees
 * them. The actor and placement group managers are not needed for that, so only the node manager is real here.
 */
class InvalidResourceAmountsGcsTest {
  private final NodeManager nodes = new NodeManager();
  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws IOException {
    String name = InProcessServerBuilder.generateName();
    server = InProcessServerBuilder.forName(name).directExecutor()
        .addService(new NodeInfoService(nodes, "session", new GcsInfo("memory", new io.jray.gcs.storage.ClusterIdentity("test", 1, 0), () -> "")))
        .addService(new ActorInfoService(null))
        .addService(new PlacementGroupInfoService(null)).build().start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow();
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  private static ResourceMap cpu(double amount) {
    return ResourceMap.newBuilder().putAmounts("CPU", amount).build();
  }

  private static void assertInvalidArgument(Runnable call) {
    StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, call::run);
    assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode());
    assertTrue(refused.getStatus().getDescription().contains("CPU="), refused.getStatus().getDescription());
  }

  @Test
  void aNodeRegisteringNegativeOrNanResourcesIsRefusedAndNotAdded() {
    var stub = NodeInfoGcsServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
    for (double amount : new double[] {-100, Double.NaN}) {
      assertInvalidArgument(() -> stub.registerNode(RegisterNodeRequest.newBuilder().setNode(NodeInfo.newBuilder()
          .setNodeId(ByteString.copyFromUtf8("n")).setTotal(cpu(amount)).setAvailable(cpu(amount))).build()));
    }
    assertEquals(List.of(), nodes.all());
  }

  @Test
  void anActorOrPlacementGroupAskingForAnInvalidAmountIsRefused() {
    assertInvalidArgument(() -> ActorInfoGcsServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
        .createActor(CreateActorRequest.newBuilder().setCreationTask(TaskSpec.newBuilder().setResources(cpu(-1)))
            .build()));
    assertInvalidArgument(() -> PlacementGroupInfoGcsServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(5, TimeUnit.SECONDS).createPlacementGroup(CreatePlacementGroupRequest.newBuilder()
            .setPlacementGroup(PlacementGroupInfo.newBuilder().addBundles(cpu(1)).addBundles(cpu(2.5))).build()));
  }

  @Test
  void wholeAmountsAndFractionsBelowOneAreValidAndANodeMayOfferAFraction() {
    assertEquals(java.util.Optional.empty(),
        ResourceShapes.invalid(Map.of("CPU", 0.0, "GPU", 0.25, "custom", 1.0, "memory", 4e9)));
    NodeInfoGcsServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS).registerNode(
        RegisterNodeRequest.newBuilder().setNode(NodeInfo.newBuilder().setNodeId(ByteString.copyFromUtf8("n"))
            .setTotal(cpu(2.5)).setAvailable(cpu(2.5))).build());
    assertEquals(1, nodes.all().size());
  }
}
