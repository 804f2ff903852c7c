package io.jray.gcs;

import io.grpc.stub.StreamObserver;
import io.jray.proto.AddTaskEventsReply;
import io.jray.proto.AddTaskEventsRequest;
import io.jray.proto.ListObjectsReply;
import io.jray.proto.ListObjectsRequest;
import io.jray.proto.ListTasksReply;
import io.jray.proto.ListTasksRequest;
import io.jray.proto.TaskInfoGcsServiceGrpc;

/** gRPC face of the {@link TaskEventManager}. */
final class TaskInfoService extends TaskInfoGcsServiceGrpc.TaskInfoGcsServiceImplBase {
  private final TaskEventManager events;

  TaskInfoService(TaskEventManager events) {
    this.events = events;
  }

  @Override
  public void addTaskEvents(AddTaskEventsRequest request, StreamObserver<AddTaskEventsReply> reply) {
    events.add(request);
    reply.onNext(AddTaskEventsReply.getDefaultInstance());
    reply.onCompleted();
  }

  @Override
  public void listTasks(ListTasksRequest request, StreamObserver<ListTasksReply> reply) {
    reply.onNext(events.listTasks(request.getLimit()));
    reply.onCompleted();
  }

  @Override
  public void listObjects(ListObjectsRequest request, StreamObserver<ListObjectsReply> reply) {
    reply.onNext(events.listObjects(request.getLimit()));
    reply.onCompleted();
  }
}
