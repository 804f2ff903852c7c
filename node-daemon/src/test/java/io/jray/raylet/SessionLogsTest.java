package io.jray.raylet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.jray.proto.LogChunk;
import io.jray.proto.LogFile;
import io.jray.proto.NodeManagerServiceGrpc;
import io.jray.proto.StreamLogRequest;
import io.jray.testing.Await;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The raylet's view of its session logs: listing, names confined to the folder, tails, and following. */
class SessionLogsTest {
  @TempDir Path session;
  private Path dir;
  private SessionLogs logs;
  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void setUp() throws IOException {
    dir = Files.createDirectories(session.resolve("logs"));
    logs = new SessionLogs(dir);
    String name = InProcessServerBuilder.generateName();
    // Only the log stream is served: the rest of the raylet is not needed to check it.
    server = InProcessServerBuilder.forName(name).directExecutor().addService(
        new NodeManagerServiceGrpc.NodeManagerServiceImplBase() {
          @Override
          public void streamLog(StreamLogRequest request, StreamObserver<LogChunk> reply) {
            try {
              logs.stream(request.getName(), request.hasTailLines() ? request.getTailLines() : -1,
                  request.getFollow(), (ServerCallStreamObserver<LogChunk>) reply);
            } catch (StatusRuntimeException e) {
              reply.onError(e);
            }
          }
        }).build().start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    logs.close();
  }

  @Test
  void listsTheRegularFilesByName() throws IOException {
    Files.writeString(dir.resolve("raylet.out"), "12345");
    Files.writeString(dir.resolve("gcs.err"), "");
    Files.createDirectory(dir.resolve("sub"));
    List<LogFile> files = logs.list();
    assertEquals(List.of("gcs.err", "raylet.out"), files.stream().map(LogFile::getName).toList());
    assertEquals(5, files.get(1).getSizeBytes());
    assertTrue(files.get(1).getModifiedMs() > 0);
  }

  @Test
  void refusesNamesOutsideTheFolder() throws IOException {
    Files.writeString(session.resolve("secret"), "no");
    Files.createSymbolicLink(dir.resolve("link"), session.resolve("secret"));
    for (String name : List.of("../secret", "/etc/passwd", "sub/../../secret", "..", "", "link")) {
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> logs.resolve(name), name);
      assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), name);
    }
    StatusRuntimeException missing = assertThrows(StatusRuntimeException.class, () -> logs.resolve("nope.out"));
    assertEquals(Status.Code.NOT_FOUND, missing.getStatus().getCode());
    assertTrue(missing.getStatus().getDescription().contains("nope.out"));
  }

  @Test
  void tailStartsAtTheLastLines() throws IOException {
    assertEquals("b\nc\n", tail("a\nb\nc\n", 2));
    assertEquals("b\nc", tail("a\nb\nc", 2));
    assertEquals("a\nb\nc\n", tail("a\nb\nc\n", 10));
    assertEquals("", tail("a\nb\n", 0));
    String longLines = "x".repeat(20000) + "\n" + "y".repeat(9000) + "\n";
    assertEquals("y".repeat(9000) + "\n", tail(longLines, 1));
  }

  private String tail(String content, long lines) throws IOException {
    Path file = Files.writeString(dir.resolve("t.log"), content);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      return content.substring((int) SessionLogs.tailOffset(ch, lines));
    }
  }

  @Test
  void streamsAWholeFileAndEnds() throws IOException {
    String content = "line\n".repeat(40000); // several chunks
    Files.writeString(dir.resolve("big.out"), content);
    StringBuilder got = new StringBuilder();
    NodeManagerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
        .streamLog(StreamLogRequest.newBuilder().setName("big.out").build())
        .forEachRemaining(c -> got.append(c.getData().toString(StandardCharsets.UTF_8)));
    assertEquals(content, got.toString());
  }

  @Test
  void followingSendsWhatIsAppendedUntilCancelled() throws IOException {
    Path file = Files.writeString(dir.resolve("w.out"), "one\ntwo\n");
    LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
    StringBuilder all = new StringBuilder();
    io.grpc.Context.CancellableContext context = io.grpc.Context.current().withCancellation();
    context.run(() -> NodeManagerServiceGrpc.newStub(channel).streamLog(
        StreamLogRequest.newBuilder().setName("w.out").setTailLines(1).setFollow(true).build(),
        new StreamObserver<>() {
          @Override
          public void onNext(LogChunk chunk) {
            received.add(chunk.getData().toString(StandardCharsets.UTF_8));
          }

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {}
        }));
    Await.until("the last line arrives", Duration.ofSeconds(20), () -> drain(received, all).equals("two\n"));
    Files.writeString(file, "three\n", StandardOpenOption.APPEND);
    Await.until("the appended line arrives", Duration.ofSeconds(20),
        () -> drain(received, all).equals("two\nthree\n"));
    context.cancel(null);
  }

  @Test
  void aLinkSwappedInWhileFollowingIsNotFollowed() throws Exception {
    Path secret = Files.writeString(session.resolve("secret"), "outside the logs folder\n");
    Path file = Files.writeString(dir.resolve("w.out"), "one\n");
    LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
    StringBuilder all = new StringBuilder();
    java.util.concurrent.CompletableFuture<Throwable> ended = new java.util.concurrent.CompletableFuture<>();
    io.grpc.Context.CancellableContext context = io.grpc.Context.current().withCancellation();
    context.run(() -> NodeManagerServiceGrpc.newStub(channel).streamLog(
        StreamLogRequest.newBuilder().setName("w.out").setFollow(true).build(),
        new StreamObserver<>() {
          @Override
          public void onNext(LogChunk chunk) {
            received.add(chunk.getData().toString(StandardCharsets.UTF_8));
          }

          @Override
          public void onError(Throwable t) {
            ended.complete(t);
          }

          @Override
          public void onCompleted() {
            ended.complete(null);
          }
        }));
    try {
      Await.until("the file's line arrives", Duration.ofSeconds(20), () -> drain(received, all).equals("one\n"));
      // Swapped atomically for a link to a file outside the folder, after the name was checked.
      Path link = Files.createSymbolicLink(dir.resolve("w.out.link"), secret);
      Files.move(link, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      Await.until("the stream ends or sends more", Duration.ofSeconds(20),
          () -> ended.isDone() || !drain(received, all).equals("one\n"));
      assertEquals("one\n", drain(received, all), "nothing of the link's target was sent");
      Throwable end = ended.get(20, TimeUnit.SECONDS);
      assertEquals(Status.Code.NOT_FOUND, Status.fromThrowable(end).getCode(), String.valueOf(end));
      assertEquals("The log file w.out was replaced; run 'jray logs' again to read what is there now.",
          Status.fromThrowable(end).getDescription());
    } finally {
      context.cancel(null);
    }
  }

  private static String drain(LinkedBlockingQueue<String> queue, StringBuilder into) {
    for (String s; (s = queue.poll()) != null; ) {
      into.append(s);
    }
    return into.toString();
  }
}
