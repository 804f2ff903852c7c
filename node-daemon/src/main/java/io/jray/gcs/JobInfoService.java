package io.jray.gcs;

import com.google.protobuf.ByteString;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.jray.proto.GetAllJobInfoReply;
import io.jray.proto.GetAllJobInfoRequest;
import io.jray.proto.JobInfoGcsServiceGrpc;
import io.jray.proto.RegisterDriverReply;
import io.jray.proto.RegisterDriverRequest;

/** gRPC face of the {@link JobManager}. A driver's registration stream ending ends its job. */
final class JobInfoService extends JobInfoGcsServiceGrpc.JobInfoGcsServiceImplBase {
  private final JobManager jobs;

  JobInfoService(JobManager jobs) {
    this.jobs = jobs;
  }

  @Override
  public void registerDriver(RegisterDriverRequest request, StreamObserver<RegisterDriverReply> reply) {
    ByteString id = jobs.addJob(request.getDriverAddress(), request.getDriverPid(), request.getNamespace());
    ((ServerCallStreamObserver<RegisterDriverReply>) reply).setOnCancelHandler(() -> jobs.finish(id));
    reply.onNext(RegisterDriverReply.newBuilder().setJobId(id).setNamespace(jobs.namespace(id)).build());
  }

  @Override
  public void getAllJobInfo(GetAllJobInfoRequest request, StreamObserver<GetAllJobInfoReply> reply) {
    reply.onNext(GetAllJobInfoReply.newBuilder().addAllJobs(jobs.all()).build());
    reply.onCompleted();
  }
}
