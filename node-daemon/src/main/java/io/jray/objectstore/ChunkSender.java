package io.jray.objectstore;

import io.grpc.stub.ServerCallStreamObserver;
import io.jray.proto.ReadChunksReply;
import java.io.IOException;

/**
 * Streams one pinned object to a ReadChunks caller, one chunk whenever the transport is ready for more (gRPC
 * manual flow control), so a slow reader never makes this store buffer the whole object on its heap. Releases the
 * pin when the stream ends, fails or is cancelled. gRPC calls it on the call's serialized executor.
 */
final class ChunkSender {
  private final ObjectTransfer.PinnedObject object;
  private final ServerCallStreamObserver<ReadChunksReply> call;
  private final int chunkBytes;
  private long offset;
  private boolean done;

  private ChunkSender(ObjectTransfer.PinnedObject object, ServerCallStreamObserver<ReadChunksReply> call,
      int chunkBytes) {
    this.object = object;
    this.call = call;
    this.chunkBytes = chunkBytes;
  }

  /** Starts streaming; must be called from within the service method. */
  static void start(ObjectTransfer.PinnedObject object, ServerCallStreamObserver<ReadChunksReply> call,
      int chunkBytes) {
    ChunkSender sender = new ChunkSender(object, call, chunkBytes);
    call.setOnCancelHandler(sender::finish);
    call.setOnReadyHandler(sender::sendWhileReady);
  }

  private synchronized void sendWhileReady() {
    if (done) {
      return;
    }
    try {
      while (call.isReady()) {
        int length = (int) Math.min(chunkBytes, object.size() - offset);
        call.onNext(ReadChunksReply.newBuilder()
            .setTotalSize(object.size())
            .setOffset(offset)
            .setData(object.read(offset, length))
            .build());
        offset += length;
        if (offset >= object.size()) {
          finish();
          call.onCompleted();
          return;
        }
      }
    } catch (IOException | RuntimeException e) {
      finish();
      try {
        call.onError(ObjectStoreService.toStatus(e).asRuntimeException());
      } catch (IllegalStateException alreadyClosed) {
        // the caller went away first: nobody is left to tell
      }
    }
  }

  private synchronized void finish() {
    if (!done) {
      done = true;
      object.close();
    }
  }
}
