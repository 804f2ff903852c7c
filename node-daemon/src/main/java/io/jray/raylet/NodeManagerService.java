package io.jray.raylet;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.jray.proto.GetNodeStatsReply;
import io.jray.proto.GetNodeStatsRequest;
import io.jray.proto.NodeManagerServiceGrpc;
import io.jray.proto.ResourceMap;

/** gRPC face of the raylet. */
final class NodeManagerService extends NodeManagerServiceGrpc.NodeManagerServiceImplBase {
  private final ByteString nodeId;
  private final LocalResources resources;

  NodeManagerService(ByteString nodeId, LocalResources resources) {
    this.nodeId = nodeId;
    this.resources = resources;
  }

  @Override
  public void getNodeStats(GetNodeStatsRequest request, StreamObserver<GetNodeStatsReply> reply) {
    reply.onNext(GetNodeStatsReply.newBuilder()
        .setNodeId(nodeId)
        .setTotal(ResourceMap.newBuilder().putAllAmounts(resources.total()))
        .setAvailable(ResourceMap.newBuilder().putAllAmounts(resources.available()))
        .build());
    reply.onCompleted();
  }
}
