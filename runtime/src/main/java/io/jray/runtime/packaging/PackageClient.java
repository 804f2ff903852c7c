package io.jray.runtime.packaging;

import com.google.protobuf.ByteString;
import io.grpc.CallCredentials;
import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.jray.proto.DownloadPackageRequest;
import io.jray.proto.FindPackagesReply;
import io.jray.proto.FindPackagesRequest;
import io.jray.proto.PackageChunk;
import io.jray.proto.PackageGcsServiceGrpc;
import io.jray.proto.UploadChunk;
import io.jray.proto.UploadReply;
import io.jray.runtime.config.JrayConfig;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * The client of the GCS's package store (PackageGcsService): which packages it has, uploading one and
 * downloading one into a content-addressed folder. Both transfers go in chunks with gRPC flow control, so a
 * package is never whole in this process's heap nor queued whole in the transport. Thread-safe; a transfer
 * blocks its caller. RPC failures surface as {@link StatusRuntimeException}.
 */
public final class PackageClient {
  private final PackageGcsServiceGrpc.PackageGcsServiceStub async;
  private final PackageGcsServiceGrpc.PackageGcsServiceBlockingStub blocking;

  /** @param credentials the cluster token's, or null where the server checks none */
  public PackageClient(Channel channel, CallCredentials credentials) {
    this.async = PackageGcsServiceGrpc.newStub(channel).withCallCredentials(credentials);
    this.blocking = PackageGcsServiceGrpc.newBlockingStub(channel).withCallCredentials(credentials);
  }

  /** What the GCS holds of some packages: jray's own runtime jars, and packages stored already. */
  public record Found(Set<String> runtime, Set<String> stored) {
    public boolean has(String sha256) {
      return runtime.contains(sha256) || stored.contains(sha256);
    }
  }

  /** Writes a package's bytes to the stream it is given. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  public Found find(Collection<String> sha256s) {
    FindPackagesReply reply = blocking.withDeadlineAfter(JrayConfig.RPC_TIMEOUT_MS.get(), TimeUnit.MILLISECONDS)
        .findPackages(FindPackagesRequest.newBuilder().addAllSha256(sha256s).build());
    return new Found(Set.copyOf(reply.getRuntimeList()), Set.copyOf(reply.getStoredList()));
  }

  /**
   * Uploads the package {@code sha256} whose bytes {@code content} writes; {@code progress} hears the bytes sent
   * so far after each chunk. Returns the bytes the GCS stored. The GCS keeps it only if the bytes match.
   */
  public long upload(String sha256, String name, Content content, LongConsumer progress) throws IOException {
    UploadStream stream = new UploadStream(sha256, name, progress);
    async.withDeadlineAfter(JrayConfig.PACKAGE_TRANSFER_TIMEOUT_MS.get(), TimeUnit.MILLISECONDS)
        .uploadPackage(stream);
    try {
      content.writeTo(stream);
      stream.close();
      return stream.stored();
    } catch (IOException | RuntimeException e) {
      stream.abandon(e);
      throw e;
    }
  }

  /** Downloads the package {@code sha256} into {@code dir/<sha256>.jar}, checked against its SHA-256. */
  public Path download(String sha256, Path dir) throws IOException {
    Context.CancellableContext call = Context.current().withCancellation();
    try (PackageFile file = PackageFile.create(dir, sha256)) {
      Iterator<PackageChunk> chunks;
      Context previous = call.attach();
      try {
        chunks = blocking.withDeadlineAfter(JrayConfig.PACKAGE_TRANSFER_TIMEOUT_MS.get(), TimeUnit.MILLISECONDS)
            .downloadPackage(DownloadPackageRequest.newBuilder().setSha256(sha256).build());
      } finally {
        call.detach(previous);
      }
      while (chunks.hasNext()) {
        file.write(chunks.next().getData());
      }
      if (!file.commit()) {
        throw new IOException("the package " + sha256 + " arrived corrupted (its bytes do not match its SHA-256)");
      }
      return file.target();
    } finally {
      call.cancel(null); // ends the call if it was left half-read
    }
  }

  /**
   * The bytes written to it, cut into chunks that are sent only when the call is ready for more (the transport's
   * onReady signal), so a slow GCS makes the writer wait instead of letting the transport buffer the package.
   * The writer's thread blocks; gRPC's threads only signal.
   */
  private static final class UploadStream extends OutputStream
      implements ClientResponseObserver<UploadChunk, UploadReply> {
    private final String sha256;
    private final String name;
    private final LongConsumer progress;
    private final byte[] buffer = new byte[Math.toIntExact(JrayConfig.PACKAGE_CHUNK_BYTES.get())];
    private final CompletableFuture<UploadReply> reply = new CompletableFuture<>();
    private final Object ready = new Object();
    private volatile ClientCallStreamObserver<UploadChunk> call;
    private int filled;
    private long sent;
    private boolean first = true;
    private boolean closed;

    UploadStream(String sha256, String name, LongConsumer progress) {
      this.sha256 = sha256;
      this.name = name;
      this.progress = progress;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<UploadChunk> requestStream) {
      call = requestStream;
      requestStream.setOnReadyHandler(this::wake);
    }

    @Override
    public void onNext(UploadReply value) {
      reply.complete(value);
    }

    @Override
    public void onError(Throwable t) {
      reply.completeExceptionally(t);
      wake();
    }

    @Override
    public void onCompleted() {}

    private void wake() {
      synchronized (ready) {
        ready.notifyAll();
      }
    }

    @Override
    public void write(int b) throws IOException {
      buffer[filled++] = (byte) b;
      if (filled == buffer.length) {
        send();
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        int n = Math.min(len, buffer.length - filled);
        System.arraycopy(b, off, buffer, filled, n);
        filled += n;
        off += n;
        len -= n;
        if (filled == buffer.length) {
          send();
        }
      }
    }

    /** Sends what is buffered (the first chunk also when empty: it names the package) and ends the upload. */
    @Override
    public void close() throws IOException {
      if (!closed) {
        closed = true;
        if (filled > 0 || first) {
          send();
        }
        call.onCompleted();
      }
    }

    private void send() throws IOException {
      awaitReady();
      UploadChunk.Builder chunk = UploadChunk.newBuilder().setData(ByteString.copyFrom(buffer, 0, filled));
      if (first) {
        chunk.setSha256(sha256).setName(name);
        first = false;
      }
      call.onNext(chunk.build());
      sent += filled;
      filled = 0;
      progress.accept(sent);
    }

    private void awaitReady() throws IOException {
      synchronized (ready) {
        while (!call.isReady()) {
          if (reply.isDone()) {
            stored(); // the call ended early: throws its failure
            throw new IOException("the GCS answered the upload of " + name + " before it was complete");
          }
          try {
            ready.wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("the upload of " + name + " was interrupted");
          }
        }
      }
    }

    /** The bytes stored, once the GCS answered; its failure as a {@link StatusRuntimeException}. */
    long stored() throws IOException {
      try {
        return reply.get().getBytes();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof StatusRuntimeException s) {
          throw s;
        }
        throw new IOException("the upload of " + name + " failed: " + e.getCause().getMessage(), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("the upload of " + name + " was interrupted");
      }
    }

    /** Cancels the call after a failure on this side, so the GCS drops what it has received. */
    void abandon(Throwable cause) {
      if (!reply.isDone()) {
        call.cancel("the upload was abandoned", cause);
      }
    }
  }
}
