package io.jray.gcs;

import static io.jray.gcs.Replies.answer;

import io.grpc.stub.StreamObserver;
import java.util.List;
import io.jray.proto.ActorInfoGcsServiceGrpc;
import io.jray.proto.CreateActorReply;
import io.jray.proto.CreateActorRequest;
import io.jray.proto.GetActorInfoReply;
import io.jray.proto.GetActorInfoRequest;
import io.jray.proto.GetAllActorInfoReply;
import io.jray.proto.GetAllActorInfoRequest;
import io.jray.proto.GetNamedActorRequest;
import io.jray.proto.KillActorViaGcsReply;
import io.jray.proto.KillActorViaGcsRequest;

/** gRPC face of the {@link ActorManager}. */
final class ActorInfoService extends ActorInfoGcsServiceGrpc.ActorInfoGcsServiceImplBase {
  private final ActorManager actors;

  ActorInfoService(ActorManager actors) {
    this.actors = actors;
  }

  @Override
  public void createActor(CreateActorRequest request, StreamObserver<CreateActorReply> reply) {
    if (Replies.refusedShape(List.of(request.getCreationTask().getResources().getAmountsMap()), reply)) {
      return;
    }
    answer(actors.create(request).thenApply(info -> CreateActorReply.newBuilder().setActor(info).build()), reply);
  }

  @Override
  public void getActorInfo(GetActorInfoRequest request, StreamObserver<GetActorInfoReply> reply) {
    answer(actors.get(request.getActorId(), request.getWaitMs()).thenApply(found -> found
        .map(info -> GetActorInfoReply.newBuilder().setFound(true).setActor(info).build())
        .orElse(GetActorInfoReply.getDefaultInstance())), reply);
  }

  @Override
  public void getNamedActor(GetNamedActorRequest request, StreamObserver<GetActorInfoReply> reply) {
    answer(actors.getNamed(request.getName(), request.getNamespace()).thenApply(found -> found
        .map(info -> GetActorInfoReply.newBuilder().setFound(true).setActor(info).build())
        .orElse(GetActorInfoReply.getDefaultInstance())), reply);
  }

  @Override
  public void getAllActorInfo(GetAllActorInfoRequest request, StreamObserver<GetAllActorInfoReply> reply) {
    answer(actors.all().thenApply(list -> GetAllActorInfoReply.newBuilder().addAllActors(list).build()), reply);
  }

  @Override
  public void killActor(KillActorViaGcsRequest request, StreamObserver<KillActorViaGcsReply> reply) {
    actors.kill(request.getActorId(), request.getNoRestart() || request.getIntentionalExit(),
        request.getIntentionalExit() ? "it called Ray.exitActor()" : "it was killed with handle.kill()");
    reply.onNext(KillActorViaGcsReply.getDefaultInstance());
    reply.onCompleted();
  }
}
