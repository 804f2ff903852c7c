package io.jray.runtime.rpc;

import io.grpc.ManagedChannel;
import io.jray.proto.Address;
import io.jray.proto.CoreWorkerServiceGrpc;
import io.jray.proto.NodeManagerServiceGrpc;
import io.jray.proto.ObjectStoreServiceGrpc;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One channel per peer (raylets, workers, owners), reused for every call; closed together. Thread-safe. */
public final class PeerChannels implements AutoCloseable {
  private final Map<HostPort, ManagedChannel> channels = new ConcurrentHashMap<>();
  private final TokenCallCredentials credentials;

  public PeerChannels(AuthToken token) {
    this.credentials = RpcChannels.credentials(token);
  }

  public ManagedChannel channel(HostPort peer) {
    return channels.computeIfAbsent(peer, RpcChannels::open);
  }

  public CoreWorkerServiceGrpc.CoreWorkerServiceStub coreWorker(Address a) {
    return CoreWorkerServiceGrpc.newStub(channel(of(a))).withCallCredentials(credentials);
  }

  /**
   * For the task streams: their replies are handled on the network thread that read them, with no hand-off to
   * another thread per reply, so the observers given to this stub must never block.
   */
  public CoreWorkerServiceGrpc.CoreWorkerServiceStub coreWorkerStreams(Address a) {
    return coreWorker(a).withExecutor(NetworkThreadExecutor.INSTANCE);
  }

  public CoreWorkerServiceGrpc.CoreWorkerServiceBlockingStub coreWorkerBlocking(Address a) {
    return CoreWorkerServiceGrpc.newBlockingStub(channel(of(a))).withCallCredentials(credentials);
  }

  public NodeManagerServiceGrpc.NodeManagerServiceStub raylet(Address a) {
    return NodeManagerServiceGrpc.newStub(channel(of(a))).withCallCredentials(credentials);
  }

  public NodeManagerServiceGrpc.NodeManagerServiceBlockingStub rayletBlocking(Address a) {
    return NodeManagerServiceGrpc.newBlockingStub(channel(of(a))).withCallCredentials(credentials);
  }

  public ObjectStoreServiceGrpc.ObjectStoreServiceStub objectStore(Address a) {
    return ObjectStoreServiceGrpc.newStub(channel(of(a))).withCallCredentials(credentials);
  }

  public ObjectStoreServiceGrpc.ObjectStoreServiceBlockingStub objectStoreBlocking(Address a) {
    return ObjectStoreServiceGrpc.newBlockingStub(channel(of(a))).withCallCredentials(credentials);
  }

  public static HostPort of(Address a) {
    return new HostPort(a.getIp(), a.getPort());
  }

  @Override
  public void close() {
    channels.values().forEach(ManagedChannel::shutdownNow);
    channels.clear();
  }
}
