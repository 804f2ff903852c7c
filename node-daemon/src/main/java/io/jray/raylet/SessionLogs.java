package io.jray.raylet;

import io.jray.runtime.process.DaemonThreads;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.jray.proto.LogChunk;
import io.jray.proto.LogFile;
import io.jray.runtime.config.JrayConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The node's session logs folder as 'jray logs' sees it from any machine: lists its files and streams one
 * (from the start or its last lines, then what is appended when following). A name that resolves outside the
 * folder (../, an absolute path, a link out of it) is refused, and a stream reads the file it checked through the
 * handle it opened then: a file swapped for a link afterwards is never read. Streams run on one scheduler thread, which
 * sends only while the caller keeps up (gRPC flow control) so a slow reader never fills the raylet's memory.
 */
final class SessionLogs implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(SessionLogs.class.getName());
  /** Bytes per message of a streamed log. */
  private static final int CHUNK_BYTES = 64 << 10;

  private final Path dir;
  private final ScheduledExecutorService streams =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("log-streams"));

  SessionLogs(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  Path dir() {
    return dir;
  }

  /** The regular files of the folder, by name. */
  List<LogFile> list() throws IOException {
    List<LogFile> files = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        BasicFileAttributes a;
        try {
          a = Files.readAttributes(p, BasicFileAttributes.class);
        } catch (NoSuchFileException gone) {
          continue;
        }
        if (a.isRegularFile()) {
          files.add(LogFile.newBuilder().setName(p.getFileName().toString()).setSizeBytes(a.size())
              .setModifiedMs(a.lastModifiedTime().toMillis()).build());
        }
      }
    }
    files.sort(Comparator.comparing(LogFile::getName));
    return files;
  }

  /**
   * The file a caller names, only if it is inside the folder.
   *
   * @throws io.grpc.StatusRuntimeException INVALID_ARGUMENT for a name outside the folder, NOT_FOUND for none
   */
  Path resolve(String name) {
    Path file = dir.resolve(name).normalize();
    if (name.isEmpty() || Path.of(name).isAbsolute() || !file.startsWith(dir) || file.equals(dir)) {
      throw Status.INVALID_ARGUMENT.withDescription("'" + name + "' is not a file of the node's logs folder "
          + dir + "; give a name as 'jray logs' lists it.").asRuntimeException();
    }
    if (!Files.isRegularFile(file)) {
      throw Status.NOT_FOUND.withDescription("There is no log file '" + name + "' in " + dir
          + " on this node; 'jray logs' lists them.").asRuntimeException();
    }
    try {
      if (!file.toRealPath().startsWith(dir.toRealPath())) {
        throw Status.INVALID_ARGUMENT.withDescription("'" + name + "' links outside the node's logs folder " + dir
            + "; only its own files can be read.").asRuntimeException();
      }
    } catch (IOException e) {
      throw Status.NOT_FOUND.withDescription("The log file '" + name + "' cannot be read: " + e.getMessage() + ".")
          .asRuntimeException();
    }
    return file;
  }

  /** Streams the file (its last {@code tailLines} lines if >= 0) and, when following, what is appended. */
  void stream(String name, long tailLines, boolean follow, ServerCallStreamObserver<LogChunk> call) {
    Path file = resolve(name);
    FileChannel channel = null;
    try {
      // The checked file itself, not whatever its name points to by now (a link swapped in fails to open).
      channel = FileChannel.open(file.toRealPath(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
      Object key = Files.readAttributes(file.toRealPath(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
          .fileKey();
      long start = tailLines < 0 ? 0 : tailOffset(channel, tailLines);
      new Stream(file, channel, key, start, follow, call).schedule();
    } catch (IOException e) {
      closeQuietly(channel);
      throw Status.NOT_FOUND.withDescription("The log file '" + name + "' cannot be read: " + e.getMessage() + ".")
          .asRuntimeException();
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        LOG.fine("closing a log file failed: " + e);
      }
    }
  }

  /** Where the last {@code lines} lines of the file start (a final newline does not start another line). */
  static long tailOffset(FileChannel channel, long lines) throws IOException {
    long size = channel.size();
    if (lines == 0) {
      return size;
    }
    ByteBuffer block = ByteBuffer.allocate(8192);
    long seen = 0;
    long end = size;
    // The byte before the end: a file ending in '\n' has its last line before that newline.
    boolean skipFinal = true;
    while (end > 0) {
      long from = Math.max(0, end - block.capacity());
      block.clear().limit((int) (end - from));
      while (block.hasRemaining() && channel.read(block, from + block.position()) >= 0) {
        // read until the block is full
      }
      for (int i = block.position() - 1; i >= 0; i--) {
        if (block.get(i) == '\n') {
          if (skipFinal && from + i == size - 1) {
            continue;
          }
          if (++seen == lines) {
            return from + i + 1;
          }
        }
      }
      skipFinal = false;
      end = from;
    }
    return 0;
  }

  /** One caller's stream: each turn sends what is new while the caller can take it, then books the next turn. */
  private final class Stream implements Runnable {
    private final Path file;
    private final FileChannel channel;
    private final Object fileKey;
    private final boolean follow;
    private final ServerCallStreamObserver<LogChunk> call;
    private final ByteBuffer buffer = ByteBuffer.allocate(CHUNK_BYTES);
    private long offset;
    private volatile boolean cancelled;

    Stream(Path file, FileChannel channel, Object fileKey, long offset, boolean follow,
        ServerCallStreamObserver<LogChunk> call) {
      this.file = file;
      this.channel = channel;
      this.fileKey = fileKey;
      this.offset = offset;
      this.follow = follow;
      this.call = call;
      call.setOnCancelHandler(() -> cancelled = true);
    }

    void schedule() {
      streams.execute(this);
    }

    @Override
    public void run() {
      if (runTurn() && !cancelled) {
        streams.schedule(this, JrayConfig.LOG_FOLLOW_POLL_MS.get(), TimeUnit.MILLISECONDS);
      } else {
        closeQuietly(channel);
      }
    }

    /** Sends what is new; false once the stream has ended. */
    private boolean runTurn() {
      try {
        if (channel.size() < offset) {
          offset = 0; // truncated: start again from its new beginning
        }
        while (call.isReady() && !cancelled) {
          buffer.clear();
          int n = channel.read(buffer, offset);
          if (n <= 0) {
            if (!follow) {
              call.onCompleted();
              return false;
            }
            return stillTheSameFile();
          }
          offset += n;
          call.onNext(LogChunk.newBuilder().setData(ByteString.copyFrom(buffer.flip())).build());
        }
        return true;
      } catch (IOException | RuntimeException e) {
        LOG.info("log stream of " + file.getFileName() + " ended: " + e);
        if (!cancelled) {
          call.onError(Status.INTERNAL.withDescription("Reading " + file.getFileName() + " failed: " + e.getMessage())
              .asRuntimeException());
        }
        return false;
      }
    }

    /** When all is read: whether the name still is the file followed; the stream ends once it was deleted or replaced. */
    private boolean stillTheSameFile() {
      BasicFileAttributes now;
      try {
        now = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (IOException gone) {
        now = null;
      }
      boolean replaced = now != null && (!now.isRegularFile() || (fileKey != null && !fileKey.equals(now.fileKey())));
      if (now != null && !replaced) {
        return true;
      }
      call.onError(Status.NOT_FOUND.withDescription("The log file " + file.getFileName() + " was "
          + (replaced ? "replaced" : "deleted") + "; run 'jray logs' again to read what is there now.")
          .asRuntimeException());
      return false;
    }
  }

  @Override
  public void close() {
    streams.shutdownNow();
  }
}
