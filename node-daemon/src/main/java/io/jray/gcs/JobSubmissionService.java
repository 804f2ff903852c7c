package io.jray.gcs;

import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.jray.proto.GetJobLogsReply;
import io.jray.proto.GetJobLogsRequest;
import io.jray.proto.GetJobSubmissionReply;
import io.jray.proto.GetJobSubmissionRequest;
import io.jray.proto.JobSubmissionServiceGrpc;
import io.jray.proto.ListJobSubmissionsReply;
import io.jray.proto.ListJobSubmissionsRequest;
import io.jray.proto.StopJobReply;
import io.jray.proto.StopJobRequest;
import io.jray.proto.SubmitJobReply;
import io.jray.proto.SubmitJobRequest;
import java.util.function.Supplier;

/** gRPC face of the {@link JobSubmissionManager}; the jars it runs are uploaded through the {@link PackageService}. */
final class JobSubmissionService extends JobSubmissionServiceGrpc.JobSubmissionServiceImplBase {
  private final JobSubmissionManager jobs;

  JobSubmissionService(JobSubmissionManager jobs) {
    this.jobs = jobs;
  }

  @Override
  public void submitJob(SubmitJobRequest request, StreamObserver<SubmitJobReply> reply) {
    answer(reply, () -> SubmitJobReply.newBuilder().setJob(jobs.submit(request)).build());
  }

  @Override
  public void getJob(GetJobSubmissionRequest request, StreamObserver<GetJobSubmissionReply> reply) {
    answer(reply, () -> GetJobSubmissionReply.newBuilder().setJob(jobs.get(request.getSubmissionId())).build());
  }

  @Override
  public void listJobs(ListJobSubmissionsRequest request, StreamObserver<ListJobSubmissionsReply> reply) {
    answer(reply, () -> ListJobSubmissionsReply.newBuilder().addAllJobs(jobs.all()).build());
  }

  @Override
  public void stopJob(StopJobRequest request, StreamObserver<StopJobReply> reply) {
    answer(reply, () -> StopJobReply.newBuilder().setStopped(jobs.stop(request.getSubmissionId())).build());
  }

  @Override
  public void getJobLogs(GetJobLogsRequest request, StreamObserver<GetJobLogsReply> reply) {
    answer(reply, () -> {
      var state = jobs.get(request.getSubmissionId()).getState();
      byte[] data = jobs.logs(request.getSubmissionId(), request.getOffset());
      return GetJobLogsReply.newBuilder().setData(com.google.protobuf.ByteString.copyFrom(data))
          .setNextOffset(request.getOffset() + data.length).setState(state).build();
    });
  }

  private static <T> void answer(StreamObserver<T> reply, Supplier<T> work) {
    try {
      reply.onNext(work.get());
      reply.onCompleted();
    } catch (StatusRuntimeException e) {
      reply.onError(e);
    }
  }
}
