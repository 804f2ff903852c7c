package io.jray.bench.scale;

import com.google.protobuf.ByteString;
import io.grpc.BindableService;
import io.grpc.stub.StreamObserver;
import io.jray.proto.Address;
import io.jray.proto.Bundle;
import io.jray.proto.BundleId;
import io.jray.proto.BundleUsage;
import io.jray.proto.CancelResourceReserveReply;
import io.jray.proto.CancelResourceReserveRequest;
import io.jray.proto.CommitBundleResourcesReply;
import io.jray.proto.CommitBundleResourcesRequest;
import io.jray.proto.CoreWorkerServiceGrpc;
import io.jray.proto.GetNodeStatsReply;
import io.jray.proto.GetNodeStatsRequest;
import io.jray.proto.NodeInfo;
import io.jray.proto.NodeManagerServiceGrpc;
import io.jray.proto.PrepareBundleResourcesReply;
import io.jray.proto.PrepareBundleResourcesRequest;
import io.jray.proto.PushTaskReply;
import io.jray.proto.PushTaskRequest;
import io.jray.proto.ReportResourceUsageRequest;
import io.jray.proto.RequestWorkerLeaseReply;
import io.jray.proto.RequestWorkerLeaseRequest;
import io.jray.proto.ResourceMap;
import io.jray.proto.ReturnWorkerReply;
import io.jray.proto.ReturnWorkerRequest;
import io.jray.proto.WatchWorkerReply;
import io.jray.proto.WatchWorkerRequest;
import io.jray.runtime.rpc.AuthToken;
import io.jray.runtime.rpc.RpcServers;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One simulated raylet: a real gRPC server on loopback with the node's token, answering the GCS's health checks,
 * lease requests and bundle reservations as a raylet does, without a worker JVM. A granted lease names this node's
 * own address as its worker, where a creation task is answered at once and an actor's watch stays open until the
 * node dies; so the GCS places actors and groups on it over the real protocol. {@link #kill} closes its port and
 * every connection, as a raylet killed with -9 does.
 */
final class SimulatedNode implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ByteString id;
  private final String ip;
  private final Map<String, Double> total;
  private final Map<String, Double> available;
  private final Map<Long, Map<String, Double>> leases = new HashMap<>();
  private final Map<BundleId, Map<String, Double>> bundles = new LinkedHashMap<>();
  private long nextLease = 1;
  private RpcServers.Started server;
  private volatile boolean alive = true;

  SimulatedNode(String ip, Map<String, Double> total) {
    byte[] bytes = new byte[28];
    RANDOM.nextBytes(bytes);
    this.id = ByteString.copyFrom(bytes);
    this.ip = ip;
    this.total = Map.copyOf(total);
    this.available = new HashMap<>(total);
  }

  void start(AuthToken token) throws IOException {
    List<BindableService> services = List.of(new Raylet(), new Worker());
    server = RpcServers.startNonBlocking(ip, 0, token, services);
  }

  ByteString id() {
    return id;
  }

  String hexId() {
    return HexFormat.of().formatHex(id.toByteArray());
  }

  boolean alive() {
    return alive;
  }

  int port() {
    return server.port();
  }

  NodeInfo info() {
    return NodeInfo.newBuilder()
        .setNodeId(id)
        .setNodeIp(ip)
        .setNodeManagerPort(port())
        .setObjectStorePort(port())
        .setTotal(ResourceMap.newBuilder().putAllAmounts(total))
        .putLabels(io.jray.runtime.scheduling.LabelSelector.NODE_ID_LABEL, hexId())
        .putLabels("jray.io/simulated", "true")
        .setHostname("simulated-" + hexId().substring(0, 8))
        .build();
  }

  synchronized ReportResourceUsageRequest report() {
    ReportResourceUsageRequest.Builder report = ReportResourceUsageRequest.newBuilder()
        .setNodeId(id)
        .setAvailable(ResourceMap.newBuilder().putAllAmounts(available));
    bundles.forEach((bundle, resources) -> report.addBundles(BundleUsage.newBuilder().setId(bundle)
        .setTotal(ResourceMap.newBuilder().putAllAmounts(resources))
        .setAvailable(ResourceMap.newBuilder().putAllAmounts(resources))));
    return report.build();
  }

  private boolean wiggled;

  /** A lease comes or goes: one CPU taken or given back, so the node's next report carries a change. */
  synchronized void wiggle() {
    take(Map.of("CPU", 1.0), wiggled ? -1 : 1);
    wiggled = !wiggled;
  }

  /** As a raylet killed with -9: the port closes and every connection with it; the node never answers again. */
  void kill() {
    alive = false;
    server.server().shutdownNow();
  }

  @Override
  public void close() {
    if (server != null) {
      server.server().shutdownNow();
    }
  }

  private boolean fits(Map<String, Double> shape) {
    return shape.entrySet().stream().allMatch(e -> available.getOrDefault(e.getKey(), 0.0) >= e.getValue() - 1e-9);
  }

  private void take(Map<String, Double> shape, int sign) {
    shape.forEach((name, amount) -> available.merge(name, -sign * amount, Double::sum));
  }

  private synchronized RequestWorkerLeaseReply lease(RequestWorkerLeaseRequest request) {
    Map<String, Double> shape = request.getShape().getAmountsMap();
    boolean fromBundle = request.hasPlacement();
    if (!fromBundle && !fits(shape)) {
      return RequestWorkerLeaseReply.newBuilder().setRejected(true).build();
    }
    if (!fromBundle) {
      take(shape, 1);
    }
    long leaseId = nextLease++;
    leases.put(leaseId, fromBundle ? Map.of() : Map.copyOf(shape));
    byte[] worker = new byte[28];
    RANDOM.nextBytes(worker);
    return RequestWorkerLeaseReply.newBuilder()
        .setWorkerAddress(Address.newBuilder().setIp(ip).setPort(port()))
        .setWorkerId(ByteString.copyFrom(worker))
        .setLeaseId(leaseId)
        .setNodeId(id)
        .build();
  }

  private synchronized void giveBack(long leaseId) {
    Map<String, Double> shape = leases.remove(leaseId);
    if (shape != null) {
      take(shape, -1);
    }
  }

  private synchronized PrepareBundleResourcesReply prepare(List<Bundle> asked) {
    Map<String, Double> sum = new HashMap<>();
    asked.forEach(b -> b.getResources().getAmountsMap().forEach((k, v) -> sum.merge(k, v, Double::sum)));
    boolean success = fits(sum);
    if (success) {
      take(sum, 1);
      asked.forEach(b -> bundles.put(b.getId(), Map.copyOf(b.getResources().getAmountsMap())));
    }
    return PrepareBundleResourcesReply.newBuilder().setSuccess(success)
        .setAvailable(ResourceMap.newBuilder().putAllAmounts(available)).build();
  }

  private synchronized CancelResourceReserveReply cancel(BundleId bundle) {
    Map<String, Double> resources = bundles.remove(bundle);
    if (resources != null) {
      take(resources, -1);
    }
    return CancelResourceReserveReply.newBuilder().setAvailable(ResourceMap.newBuilder().putAllAmounts(available))
        .build();
  }

  private static <T> void answer(StreamObserver<T> reply, T value) {
    reply.onNext(value);
    reply.onCompleted();
  }

  /** The raylet's face: leases, bundles, stats. */
  private final class Raylet extends NodeManagerServiceGrpc.NodeManagerServiceImplBase {
    @Override
    public void requestWorkerLease(RequestWorkerLeaseRequest request, StreamObserver<RequestWorkerLeaseReply> reply) {
      answer(reply, lease(request));
    }

    @Override
    public void returnWorker(ReturnWorkerRequest request, StreamObserver<ReturnWorkerReply> reply) {
      giveBack(request.getLeaseId());
      answer(reply, ReturnWorkerReply.getDefaultInstance());
    }

    @Override
    public void prepareBundleResources(PrepareBundleResourcesRequest request,
        StreamObserver<PrepareBundleResourcesReply> reply) {
      answer(reply, prepare(request.getBundlesList()));
    }

    @Override
    public void commitBundleResources(CommitBundleResourcesRequest request,
        StreamObserver<CommitBundleResourcesReply> reply) {
      answer(reply, CommitBundleResourcesReply.getDefaultInstance());
    }

    @Override
    public void cancelResourceReserve(CancelResourceReserveRequest request,
        StreamObserver<CancelResourceReserveReply> reply) {
      answer(reply, cancel(request.getBundle()));
    }

    @Override
    public void getNodeStats(GetNodeStatsRequest request, StreamObserver<GetNodeStatsReply> reply) {
      synchronized (SimulatedNode.this) {
        answer(reply, GetNodeStatsReply.newBuilder().setNodeId(id)
            .setTotal(ResourceMap.newBuilder().putAllAmounts(total))
            .setAvailable(ResourceMap.newBuilder().putAllAmounts(available)).build());
      }
    }
  }

  /** The worker a lease names: an actor's creation succeeds at once; its watch lasts as long as the node. */
  private static final class Worker extends CoreWorkerServiceGrpc.CoreWorkerServiceImplBase {
    @Override
    public void pushTask(PushTaskRequest request, StreamObserver<PushTaskReply> reply) {
      answer(reply, PushTaskReply.newBuilder().setValue(ByteString.EMPTY).build());
    }

    @Override
    public void watchWorker(WatchWorkerRequest request, StreamObserver<WatchWorkerReply> reply) {
      // Never answered: the stream ends when the server does (the node's kill).
    }
  }
}
