package io.jray.objectstore;

import io.jray.runtime.objectstore.ObjectStoreClient;
import io.jray.runtime.rpc.AuthToken;
import io.jray.runtime.rpc.HostPort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A real object store served over gRPC on a free port in this JVM, with its shm folder under
 * /dev/shm/jray-test-&lt;random&gt; and its spill dir under /tmp, and a client of it. {@link #close} removes both
 * folders whatever happened.
 */
final class TestStore implements AutoCloseable {
  static final AuthToken TOKEN = AuthToken.of("object-store-test-" + random());

  final Path shmDir;
  final Path spillDir;
  final ObjectStoreServer server;
  final ObjectStoreClient client;
  private boolean stopped;

  private TestStore(Path shmDir, Path spillDir, ObjectStoreServer server, ObjectStoreClient client) {
    this.shmDir = shmDir;
    this.spillDir = spillDir;
    this.server = server;
    this.client = client;
  }

  static TestStore start(long capacity) throws IOException {
    return start(capacity, UnaryOperator.identity());
  }

  static TestStore start(long capacity, UnaryOperator<StoreOptions> tweak) throws IOException {
    String name = "jray-test-" + random();
    Path shmDir = Path.of("/dev/shm", name);
    Path spillDir = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), name + "-spill"));
    ObjectStoreServer server = null;
    try {
      server = ObjectStoreServer.start(tweak.apply(StoreOptions.of(shmDir, spillDir, capacity)), 0, TOKEN);
      ObjectStoreClient client = new ObjectStoreClient(new HostPort("127.0.0.1", server.port()), TOKEN);
      return new TestStore(shmDir, spillDir, server, client);
    } catch (IOException | RuntimeException e) {
      if (server != null) {
        server.close();
      }
      SharedMemoryDir.deleteTree(shmDir);
      SharedMemoryDir.deleteTree(spillDir);
      throw e;
    }
  }

  HostPort address() {
    return new HostPort("127.0.0.1", server.port());
  }

  ObjectStore store() {
    return server.store();
  }

  long spillFileCount() throws IOException {
    if (!Files.isDirectory(spillDir)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(spillDir)) {
      return files.count();
    }
  }

  /** Stops the store the way its daemon does, leaving the folders for the test to look at. */
  void stop() {
    if (!stopped) {
      stopped = true;
      try {
        client.close();
      } finally {
        server.close();
      }
    }
  }

  @Override
  public void close() {
    try {
      stop();
    } finally {
      SharedMemoryDir.deleteTree(shmDir);
      SharedMemoryDir.deleteTree(spillDir);
    }
  }

  static byte[] randomId() {
    byte[] id = new byte[28];
    ThreadLocalRandom.current().nextBytes(id);
    return id;
  }

  private static String random() {
    byte[] bytes = new byte[6];
    ThreadLocalRandom.current().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
