package io.jray.objectstore;

import io.grpc.BindableService;
import io.jray.runtime.rpc.AuthToken;
import io.jray.runtime.rpc.RpcServers;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Builds one object store (shm folder, arena, spill dir, table, transfers) and its gRPC service. The daemon's main
 * serves {@link #services()} through its DaemonHost; tests and benchmarks call {@link #start} to serve it
 * themselves. {@link #close} removes the arena, the spill files and the shm folder.
 */
public final class ObjectStoreServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ObjectStoreServer.class.getName());

  private final SharedMemoryDir shm;
  private final ObjectStore store;
  private final ObjectTransfer transfer;
  private final ObjectStoreService service;
  private final AuthToken token;
  private RpcServers.Started server;

  private ObjectStoreServer(SharedMemoryDir shm, ObjectStore store, AuthToken token) {
    this.shm = shm;
    this.store = store;
    this.token = token;
    this.transfer = new ObjectTransfer(store, token);
    this.service = new ObjectStoreService(store, transfer, shm);
  }

  /** Exports the store's occupancy in this process's metrics (once per process: the daemon's). */
  public void exportMetrics() {
    ObjectStoreMetrics.register(io.prometheus.metrics.model.registry.PrometheusRegistry.defaultRegistry, store);
  }

  /** Creates the store's files; the token is what it presents to other nodes' stores when it pulls. */
  public static ObjectStoreServer create(StoreOptions options, AuthToken token) throws IOException {
    SharedMemoryDir shm = SharedMemoryDir.create(options.shmDir());
    try {
      Arena arena = Arena.create(shm.path(), options.capacityBytes(), options.chunkBytes());
      try {
        if (options.prefaultBytes() != 0) {
          arena.prefault(options.prefaultBytes());
        }
        ObjectStore store = new ObjectStore(arena, new SpillDir(options.spillDir()));
        LOG.info("object store arena=" + arena.path() + " capacity=" + arena.capacity() + " chunks="
            + arena.chunkCount() + "x" + arena.chunkSize() + " spill=" + options.spillDir());
        return new ObjectStoreServer(shm, store, token);
      } catch (IOException | RuntimeException e) {
        arena.close();
        throw e;
      }
    } catch (IOException | RuntimeException e) {
      shm.delete();
      throw e;
    }
  }

  /** Creates a store and serves it on loopback {@code port} (0 = any) behind the token check. */
  public static ObjectStoreServer start(StoreOptions options, int port, AuthToken token) throws IOException {
    ObjectStoreServer store = create(options, token);
    try {
      store.server = RpcServers.start(RpcServers.LOOPBACK, port, token, store.services());
    } catch (IOException | RuntimeException e) {
      store.close();
      throw e;
    }
    return store;
  }

  public List<BindableService> services() {
    return List.of(service);
  }

  /** The port {@link #start} bound. */
  public int port() {
    if (server == null) {
      throw new IllegalStateException("this store is served by its daemon host, not by start()");
    }
    return server.port();
  }

  public AuthToken token() {
    return token;
  }

  public SharedMemoryDir shm() {
    return shm;
  }

  ObjectStore store() {
    return store;
  }

  /** Stops serving (if {@link #start} did), then removes the arena, the spill files and the shm folder. */
  @Override
  public void close() {
    service.endSessions();
    if (server != null) {
      server.shutdown();
      try {
        server.server().awaitTermination(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      server.server().shutdownNow();
    }
    transfer.close();
    store.close();
    shm.delete();
  }
}
