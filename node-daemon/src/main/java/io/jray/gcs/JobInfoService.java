package io.jray.gcs;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.jray.proto.GetAllJobInfoReply;
import io.jray.proto.GetAllJobInfoRequest;
import io.jray.proto.JobInfo;
import io.jray.proto.JobInfoGcsServiceGrpc;
import io.jray.proto.MarkJobFinishedReply;
import io.jray.proto.MarkJobFinishedRequest;
import io.jray.proto.RegisterDriverReply;
import io.jray.proto.RegisterDriverRequest;

/**
 * gRPC face of the {@link JobManager}. A driver's registration stream stays open while the driver lives; when it
 * breaks the job manager decides whether the driver is gone or will come back.
 */
final class JobInfoService extends JobInfoGcsServiceGrpc.JobInfoGcsServiceImplBase {
  private final JobManager jobs;

  JobInfoService(JobManager jobs) {
    this.jobs = jobs;
  }

  @Override
  public void registerDriver(RegisterDriverRequest request, StreamObserver<RegisterDriverReply> reply) {
    ByteString id;
    if (request.getJobId().isEmpty()) {
      id = jobs.addJob(request.getDriverAddress(), request.getDriverPid(), request.getNamespace(),
          request.getSubmissionId());
    } else {
      id = request.getJobId();
      if (jobs.resume(id, request.getDriverAddress()).map(JobInfo::getJobId).isEmpty()) {
        reply.onError(Status.NOT_FOUND.withDescription("Job " + NodeManager.hex(id) + " has ended (its driver was "
            + "away too long, or the GCS came back without it); start the driver again.").asRuntimeException());
        return;
      }
    }
    int attachment = jobs.attachment(id);
    ((ServerCallStreamObserver<RegisterDriverReply>) reply).setOnCancelHandler(() -> jobs.streamLost(id, attachment));
    reply.onNext(RegisterDriverReply.newBuilder().setJobId(id).setNamespace(jobs.namespace(id)).build());
  }

  @Override
  public void markJobFinished(MarkJobFinishedRequest request, StreamObserver<MarkJobFinishedReply> reply) {
    jobs.finish(request.getJobId(), "its driver ended it");
    reply.onNext(MarkJobFinishedReply.getDefaultInstance());
    reply.onCompleted();
  }

  @Override
  public void getAllJobInfo(GetAllJobInfoRequest request, StreamObserver<GetAllJobInfoReply> reply) {
    reply.onNext(GetAllJobInfoReply.newBuilder().addAllJobs(jobs.all()).build());
    reply.onCompleted();
  }
}
