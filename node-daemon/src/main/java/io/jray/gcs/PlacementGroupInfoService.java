package io.jray.gcs;

import static io.jray.gcs.Replies.answer;

import io.grpc.stub.StreamObserver;
import io.jray.proto.ResourceMap;
import io.jray.proto.CreatePlacementGroupReply;
import io.jray.proto.CreatePlacementGroupRequest;
import io.jray.proto.GetAllPlacementGroupReply;
import io.jray.proto.GetAllPlacementGroupRequest;
import io.jray.proto.GetPlacementGroupReply;
import io.jray.proto.GetPlacementGroupRequest;
import io.jray.proto.PlacementGroupInfoGcsServiceGrpc;
import io.jray.proto.RemovePlacementGroupReply;
import io.jray.proto.RemovePlacementGroupRequest;
import io.jray.proto.WaitPlacementGroupUntilReadyReply;
import io.jray.proto.WaitPlacementGroupUntilReadyRequest;

/** gRPC face of the {@link PlacementGroupManager}: translates messages, holds no logic. */
final class PlacementGroupInfoService extends PlacementGroupInfoGcsServiceGrpc.PlacementGroupInfoGcsServiceImplBase {
  private final PlacementGroupManager groups;

  PlacementGroupInfoService(PlacementGroupManager groups) {
    this.groups = groups;
  }

  @Override
  public void createPlacementGroup(CreatePlacementGroupRequest request, StreamObserver<CreatePlacementGroupReply> reply) {
    if (Replies.refusedShape(request.getPlacementGroup().getBundlesList().stream().map(ResourceMap::getAmountsMap)
        .toList(), reply)) {
      return;
    }
    answer(groups.create(request.getPlacementGroup())
        .thenApply(info -> CreatePlacementGroupReply.newBuilder().setPlacementGroup(info).build()), reply);
  }

  @Override
  public void getPlacementGroup(GetPlacementGroupRequest request, StreamObserver<GetPlacementGroupReply> reply) {
    answer(groups.get(request.getPlacementGroupId()).thenApply(found -> found
        .map(info -> GetPlacementGroupReply.newBuilder().setFound(true).setPlacementGroup(info).build())
        .orElse(GetPlacementGroupReply.getDefaultInstance())), reply);
  }

  @Override
  public void getAllPlacementGroup(GetAllPlacementGroupRequest request, StreamObserver<GetAllPlacementGroupReply> reply) {
    answer(groups.all().thenApply(list -> GetAllPlacementGroupReply.newBuilder().addAllPlacementGroups(list).build()),
        reply);
  }

  @Override
  public void removePlacementGroup(RemovePlacementGroupRequest request, StreamObserver<RemovePlacementGroupReply> reply) {
    answer(groups.remove(request.getPlacementGroupId()).thenApply(v -> RemovePlacementGroupReply.getDefaultInstance()),
        reply);
  }

  @Override
  public void waitPlacementGroupUntilReady(WaitPlacementGroupUntilReadyRequest request,
      StreamObserver<WaitPlacementGroupUntilReadyReply> reply) {
    answer(groups.waitUntilReady(request.getPlacementGroupId(), request.getTimeoutMs())
        .thenApply(ready -> WaitPlacementGroupUntilReadyReply.newBuilder().setReady(ready).build()), reply);
  }
}
