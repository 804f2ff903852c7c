package io.jray.gcs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.jray.proto.JobPackage;
import io.jray.runtime.packaging.ClasspathEntry;
import io.jray.runtime.packaging.JobPackager;
import io.jray.runtime.packaging.PackageClient;
import io.jray.runtime.rpc.AuthToken;
import io.jray.runtime.rpc.RpcChannels;
import io.jray.runtime.rpc.RpcServers;
import io.jray.testing.Await;
import io.jray.testing.TestProcesses;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The GCS's package store and its client against each other over real gRPC, with small chunks. */
class PackageServiceTest {
  private static final int MB = 1 << 20;

  private final List<String> calls = new CopyOnWriteArrayList<>();
  private Path dir;
  private Path session;
  private Path runtimeJar;
  private RpcServers.Started server;
  private ManagedChannel channel;
  private PackageClient client;

  @BeforeEach
  void start() throws IOException {
    dir = Files.createTempDirectory(TestProcesses.root(), "packages-");
    session = Files.createDirectories(dir.resolve("session"));
    runtimeJar = randomFile("runtime.jar", 1000, 1);
    AuthToken token = AuthToken.of("package-test-token");
    PackageStore store = new PackageStore(session, runtimeJar.toString());
    // Downloads go in 64 KiB chunks: a file of a few MiB crosses in many of them.
    PackageService service = new PackageService(store, 64 << 10);
    ServerInterceptor recordCalls = new ServerInterceptor() {
      @Override
      public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
          ServerCallHandler<Q, A> next) {
        calls.add(call.getMethodDescriptor().getBareMethodName());
        return next.startCall(call, headers);
      }
    };
    server = RpcServers.start(RpcServers.LOOPBACK, 0, token, List.of(() -> ServerInterceptors.intercept(service, recordCalls)));
    channel = RpcChannels.open("127.0.0.1", server.port());
    client = new PackageClient(channel, RpcChannels.credentials(token));
  }

  @AfterEach
  void stop() throws IOException {
    RpcChannels.close(channel);
    server.shutdown();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void aPackageUploadedInChunksIsStoredUnderItsShaAndDownloadsIntact() throws IOException {
    Path jar = randomFile("app.jar", 5 * MB + 123, 2);
    String sha = ClasspathEntry.sha256(jar);
    long[] lastProgress = {-1};
    long stored = client.upload(sha, "app.jar", out -> Files.copy(jar, out), sent -> lastProgress[0] = sent);
    assertEquals(Files.size(jar), stored);
    assertEquals(Files.size(jar), lastProgress[0], "progress reaches the whole file");
    Path onDisk = session.resolve("packages").resolve(sha + ".jar");
    assertArrayEquals(Files.readAllBytes(jar), Files.readAllBytes(onDisk));
    assertEquals(List.of(onDisk), packageFiles(), "no temp file is left beside it");

    Path cache = dir.resolve("cache");
    Path fetched = client.download(sha, cache);
    assertEquals(cache.resolve(sha + ".jar"), fetched);
    assertArrayEquals(Files.readAllBytes(jar), Files.readAllBytes(fetched));
  }

  @Test
  void anUploadWhoseBytesDoNotMatchItsShaIsRefusedAndNothingIsStored() throws IOException {
    Path jar = randomFile("app.jar", 2 * MB, 3);
    String wrong = ClasspathEntry.sha256(runtimeJar);
    StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
        () -> client.upload(wrong, "app.jar", out -> Files.copy(jar, out), sent -> {}));
    assertEquals(Status.Code.DATA_LOSS, refused.getStatus().getCode());
    assertEquals(List.of(), packageFiles());
  }

  @Test
  void anUploadAbandonedHalfwayLeavesNothingBehind() throws IOException {
    Path jar = randomFile("app.jar", 3 * MB, 4);
    String sha = ClasspathEntry.sha256(jar);
    IOException broken = assertThrows(IOException.class, () -> client.upload(sha, "app.jar", out -> {
      out.write(Files.readAllBytes(jar), 0, 2 * MB);
      throw new IOException("disk went away");
    }, sent -> {}));
    assertEquals("disk went away", broken.getMessage());
    Await.until("the GCS drops the partial upload", Duration.ofSeconds(30), () -> packageFiles().isEmpty());
  }

  @Test
  void anUploadAboveTheCapIsRefusedNamingTheSettingAndTheGcsStillServes() throws IOException {
    Path jar = randomFile("huge.jar", 5 * MB, 6);
    System.setProperty("jray.package_max_bytes", String.valueOf(3 * MB));
    try {
      StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
          () -> client.upload(ClasspathEntry.sha256(jar), "huge.jar", out -> Files.copy(jar, out), sent -> {}));
      assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode());
      assertEquals("The package huge.jar is larger than the GCS takes (jray.package_max_bytes = " + 3 * MB
          + " bytes); ship a smaller jar or raise that setting on the head.", refused.getStatus().getDescription());
      Await.until("the GCS drops the refused upload", Duration.ofSeconds(30), () -> packageFiles().isEmpty());

      Path small = randomFile("small.jar", 2 * MB, 7);
      String sha = ClasspathEntry.sha256(small);
      assertEquals(Files.size(small), client.upload(sha, "small.jar", out -> Files.copy(small, out), sent -> {}),
          "the same GCS takes the next upload that fits");
    } finally {
      System.clearProperty("jray.package_max_bytes");
    }
  }

  @Test
  void badNamesAndUnknownPackagesAreRefusedWithTheirStatus() {
    StatusRuntimeException malformed = assertThrows(StatusRuntimeException.class,
        () -> client.upload("../../etc/passwd", "x.jar", out -> out.write(1), sent -> {}));
    assertEquals(Status.Code.INVALID_ARGUMENT, malformed.getStatus().getCode());
    StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class,
        () -> client.download("ab".repeat(32), dir.resolve("cache")));
    assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());
  }

  @Test
  void aDriverShipsOnlyItsOwnEntriesAndEachOnlyOnce() throws IOException {
    Path userJar = randomFile("user.jar", 3 * MB, 5);
    Path classes = Files.createDirectories(dir.resolve("classes/app"));
    Files.writeString(classes.resolve("Main.class"), "not really a class");
    String classpath = String.join(File.pathSeparator, runtimeJar.toString(), userJar.toString(),
        dir.resolve("classes").toString(), dir.resolve("missing.jar").toString());

    List<JobPackage> shipped = JobPackager.upload(client, classpath);
    List<String> shas = shipped.stream().filter(p -> !p.getOnNode()).map(JobPackage::getSha256).toList();
    assertEquals(List.of(ClasspathEntry.sha256(userJar), ClasspathEntry.sha256(dir.resolve("classes"))), shas,
        "the runtime's jar stays home; the user's jar and folder travel, in classpath order");
    // The runtime's jar is a library (no io/jray classes): still the job's, named as on the node, never uploaded.
    assertEquals(List.of(ClasspathEntry.sha256(runtimeJar)), shipped.stream().filter(JobPackage::getOnNode)
        .map(JobPackage::getSha256).toList());
    assertEquals(shas.stream().map(s -> session.resolve("packages").resolve(s + ".jar")).sorted().toList(),
        packageFiles());
    PackageClient.Found found = client.find(List.of(ClasspathEntry.sha256(runtimeJar), shas.get(0), "00".repeat(32)));
    assertEquals(Set.of(ClasspathEntry.sha256(runtimeJar)), found.runtime());
    assertEquals(Set.of(shas.get(0)), found.stored());

    assertEquals(2, calls.stream().filter("UploadPackage"::equals).count(), calls.toString());
    calls.clear();
    assertEquals(shipped, JobPackager.upload(client, classpath));
    assertEquals(List.of("FindPackages"), calls, "stored packages are not uploaded again");
  }

  private List<Path> packageFiles() {
    Path packages = session.resolve("packages");
    if (!Files.isDirectory(packages)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(packages)) {
      return files.sorted().toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private Path randomFile(String name, int size, long seed) throws IOException {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return Files.write(dir.resolve(name), bytes);
  }
}
