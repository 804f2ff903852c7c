package io.jray.gcs;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.jray.proto.DownloadPackageRequest;
import io.jray.proto.FindPackagesReply;
import io.jray.proto.FindPackagesRequest;
import io.jray.proto.PackageChunk;
import io.jray.proto.PackageGcsServiceGrpc;
import io.jray.proto.UploadChunk;
import io.jray.proto.UploadReply;
import io.jray.runtime.packaging.PackageFile;
import java.io.IOException;
import java.util.logging.Logger;

/**
 * gRPC face of the {@link PackageStore}: an upload streams into a {@link PackageFile} chunk by chunk (gRPC asks
 * for the next chunk only once one is written), a download streams from the file through a {@link PackageSender}.
 */
final class PackageService extends PackageGcsServiceGrpc.PackageGcsServiceImplBase {
  private static final Logger LOG = Logger.getLogger(PackageService.class.getName());

  private final PackageStore store;
  private final int chunkBytes;

  PackageService(PackageStore store, int chunkBytes) {
    this.store = store;
    this.chunkBytes = chunkBytes;
  }

  @Override
  public void findPackages(FindPackagesRequest request, StreamObserver<FindPackagesReply> reply) {
    FindPackagesReply.Builder found = FindPackagesReply.newBuilder()
        .addAllRuntime(store.runtime(request.getSha256List()));
    request.getSha256List().stream().filter(store::stored).forEach(found::addStored);
    reply.onNext(found.build());
    reply.onCompleted();
  }

  @Override
  public void downloadPackage(DownloadPackageRequest request, StreamObserver<PackageChunk> reply) {
    try {
      if (!store.stored(request.getSha256())) {
        throw Status.NOT_FOUND.withDescription("The GCS has no package with SHA-256 " + request.getSha256()
            + "; the driver must upload it first.").asRuntimeException();
      }
      PackageSender.start(store.path(request.getSha256()), (ServerCallStreamObserver<PackageChunk>) reply,
          chunkBytes);
    } catch (IOException e) {
      reply.onError(Status.INTERNAL.withDescription(e.getMessage()).asRuntimeException());
    } catch (StatusRuntimeException e) {
      reply.onError(e);
    }
  }

  @Override
  public StreamObserver<UploadChunk> uploadPackage(StreamObserver<UploadReply> reply) {
    return new StreamObserver<>() {
      PackageFile file;
      String name;
      long received;
      boolean failed;

      @Override
      public void onNext(UploadChunk chunk) {
        if (failed) {
          return;
        }
        try {
          if (file == null) {
            name = chunk.getName();
            file = store.newUpload(chunk.getSha256());
          }
          received += chunk.getData().size();
          store.checkUploadSize(name, received);
          file.write(chunk.getData());
        } catch (IOException | StatusRuntimeException e) {
          fail(e);
        }
      }

      @Override
      public void onError(Throwable t) {
        discard();
      }

      @Override
      public void onCompleted() {
        if (failed) {
          return;
        }
        try {
          if (file == null) {
            throw Status.INVALID_ARGUMENT.withDescription("An upload needs at least one chunk.").asRuntimeException();
          }
          if (!file.commit()) {
            throw Status.DATA_LOSS.withDescription("The upload of " + name
                + " does not match its SHA-256; nothing was stored.").asRuntimeException();
          }
          LOG.info("stored package " + name + " sha256=" + file.sha256() + " bytes=" + file.bytes());
          reply.onNext(UploadReply.newBuilder().setSha256(file.sha256()).setBytes(file.bytes()).build());
          reply.onCompleted();
        } catch (IOException | StatusRuntimeException e) {
          fail(e);
        }
      }

      private void fail(Exception e) {
        failed = true;
        discard();
        reply.onError(e instanceof StatusRuntimeException s ? s
            : Status.INTERNAL.withDescription("The GCS could not store " + name + ": " + e.getMessage())
                .asRuntimeException());
      }

      private void discard() {
        if (file != null) {
          try {
            file.close();
          } catch (IOException e) {
            LOG.warning("cannot discard the partial upload of " + name + ": " + e.getMessage());
          }
        }
      }
    };
  }
}
