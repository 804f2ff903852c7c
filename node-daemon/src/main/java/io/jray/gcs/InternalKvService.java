package io.jray.gcs;

import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.jray.proto.InternalKvGcsServiceGrpc;
import io.jray.proto.KvDelReply;
import io.jray.proto.KvDelRequest;
import io.jray.proto.KvGetReply;
import io.jray.proto.KvGetRequest;
import io.jray.proto.KvKeysReply;
import io.jray.proto.KvKeysRequest;
import io.jray.proto.KvPutReply;
import io.jray.proto.KvPutRequest;

/** gRPC face of the {@link KvManager}. */
final class InternalKvService extends InternalKvGcsServiceGrpc.InternalKvGcsServiceImplBase {
  private final KvManager kv;

  InternalKvService(KvManager kv) {
    this.kv = kv;
  }

  @Override
  public void put(KvPutRequest request, StreamObserver<KvPutReply> reply) {
    boolean added;
    try {
      added = kv.put(request.getNamespace(), request.getKey(), request.getValue(), request.getOverwrite());
    } catch (StatusRuntimeException e) {
      reply.onError(e);
      return;
    }
    reply.onNext(KvPutReply.newBuilder().setAdded(added).build());
    reply.onCompleted();
  }

  @Override
  public void get(KvGetRequest request, StreamObserver<KvGetReply> reply) {
    KvGetReply.Builder out = KvGetReply.newBuilder();
    kv.get(request.getNamespace(), request.getKey()).ifPresent(v -> out.setFound(true).setValue(v));
    reply.onNext(out.build());
    reply.onCompleted();
  }

  @Override
  public void del(KvDelRequest request, StreamObserver<KvDelReply> reply) {
    reply.onNext(KvDelReply.newBuilder().setDeleted(kv.delete(request.getNamespace(), request.getKey()) ? 1 : 0).build());
    reply.onCompleted();
  }

  @Override
  public void keys(KvKeysRequest request, StreamObserver<KvKeysReply> reply) {
    reply.onNext(KvKeysReply.newBuilder().addAllKeys(kv.keys(request.getNamespace(), request.getPrefix())).build());
    reply.onCompleted();
  }
}
