package io.jray.objectstore;

import io.grpc.stub.StreamObserver;
import io.jray.proto.GetStoreStatsReply;
import io.jray.proto.GetStoreStatsRequest;
import io.jray.proto.ObjectStoreServiceGrpc;

/** gRPC face of the object store. */
final class ObjectStoreService extends ObjectStoreServiceGrpc.ObjectStoreServiceImplBase {
  private final SharedMemoryDir shm;
  private final long capacity;

  ObjectStoreService(SharedMemoryDir shm, long capacity) {
    this.shm = shm;
    this.capacity = capacity;
  }

  @Override
  public void getStoreStats(GetStoreStatsRequest request, StreamObserver<GetStoreStatsReply> reply) {
    reply.onNext(GetStoreStatsReply.newBuilder()
        .setCapacityBytes(capacity)
        .setShmPath(shm.path().toString())
        .build());
    reply.onCompleted();
  }
}
