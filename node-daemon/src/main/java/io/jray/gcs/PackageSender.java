package io.jray.gcs;

import com.google.protobuf.UnsafeByteOperations;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.jray.proto.PackageChunk;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * Streams one stored package file to a DownloadPackage caller, reading the next chunk only when the transport
 * is ready for it (gRPC manual flow control), so a slow raylet never makes the GCS hold the file on its heap.
 * Closes the file when the stream ends, fails or is cancelled. gRPC calls it on the call's serialized executor.
 */
final class PackageSender {
  private static final Logger LOG = Logger.getLogger(PackageSender.class.getName());

  private final Path path;
  private final InputStream in;
  private final ServerCallStreamObserver<PackageChunk> call;
  private final int chunkBytes;
  private boolean finished;

  private PackageSender(Path path, ServerCallStreamObserver<PackageChunk> call, int chunkBytes) throws IOException {
    this.path = path;
    this.in = Files.newInputStream(path);
    this.call = call;
    this.chunkBytes = chunkBytes;
  }

  /** Starts streaming {@code path}; must be called from within the service method. */
  static void start(Path path, ServerCallStreamObserver<PackageChunk> call, int chunkBytes) throws IOException {
    PackageSender sender = new PackageSender(path, call, chunkBytes);
    call.setOnCancelHandler(sender::finish);
    call.setOnReadyHandler(sender::sendWhileReady);
  }

  private synchronized void sendWhileReady() {
    try {
      while (!finished && call.isReady()) {
        // A fresh array per chunk: gRPC may still hold the previous message when this returns.
        byte[] data = in.readNBytes(chunkBytes);
        if (data.length > 0) {
          call.onNext(PackageChunk.newBuilder().setData(UnsafeByteOperations.unsafeWrap(data)).build());
        }
        if (data.length < chunkBytes) {
          finish();
          call.onCompleted();
        }
      }
    } catch (IOException | RuntimeException e) {
      finish();
      try {
        call.onError(Status.INTERNAL.withDescription("The GCS could not read " + path.getFileName() + ": "
            + e.getMessage()).asRuntimeException());
      } catch (IllegalStateException alreadyClosed) {
        // the raylet went away first: nobody is left to tell
      }
    }
  }

  private synchronized void finish() {
    if (!finished) {
      finished = true;
      try {
        in.close();
      } catch (IOException e) {
        LOG.warning("cannot close " + path + ": " + e.getMessage());
      }
    }
  }
}
