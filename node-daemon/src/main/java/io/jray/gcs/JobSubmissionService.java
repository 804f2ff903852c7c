package io.jray.gcs;

import io.grpc.Status;
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
import io.jray.proto.UploadChunk;
import io.jray.proto.UploadReply;
import io.jray.runtime.packaging.ClasspathEntry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Supplier;

/** gRPC face of the {@link JobSubmissionManager}; uploads stream to a file, checked against their SHA-256. */
final class JobSubmissionService extends JobSubmissionServiceGrpc.JobSubmissionServiceImplBase {
  private final JobSubmissionManager jobs;

  JobSubmissionService(JobSubmissionManager jobs) {
    this.jobs = jobs;
  }

  @Override
  public StreamObserver<UploadChunk> uploadPackage(StreamObserver<UploadReply> reply) {
    return new StreamObserver<>() {
      Path tmp;
      OutputStream out;
      String sha;
      long bytes;

      @Override
      public void onNext(UploadChunk chunk) {
        try {
          if (out == null) {
            sha = chunk.getSha256();
            jobs.packagePath(sha);
            Files.createDirectories(jobs.packagesDir());
            tmp = Files.createTempFile(jobs.packagesDir(), "upload-", ".tmp");
            out = Files.newOutputStream(tmp);
          }
          chunk.getData().writeTo(out);
          bytes += chunk.getData().size();
        } catch (IOException | StatusRuntimeException e) {
          fail(e);
        }
      }

      @Override
      public void onError(Throwable t) {
        cleanup();
      }

      @Override
      public void onCompleted() {
        try {
          if (out == null) {
            throw Status.INVALID_ARGUMENT.withDescription("an upload needs at least one chunk").asRuntimeException();
          }
          out.close();
          if (!ClasspathEntry.sha256(tmp).equals(sha)) {
            throw Status.DATA_LOSS.withDescription("the upload does not match its SHA-256").asRuntimeException();
          }
          Files.move(tmp, jobs.packagePath(sha), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
          reply.onNext(UploadReply.newBuilder().setSha256(sha).setBytes(bytes).build());
          reply.onCompleted();
        } catch (IOException | StatusRuntimeException e) {
          fail(e);
        }
      }

      private void fail(Exception e) {
        cleanup();
        reply.onError(e instanceof StatusRuntimeException s ? s
            : Status.INTERNAL.withDescription(e.getMessage()).asRuntimeException());
      }

      private void cleanup() {
        try {
          if (out != null) {
            out.close();
          }
          if (tmp != null) {
            Files.deleteIfExists(tmp);
          }
        } catch (IOException ignored) {
          // nothing more to do
        }
      }
    };
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
