package io.jray.gcs;

import io.grpc.stub.StreamObserver;
import io.jray.proto.Address;
import io.jray.proto.Bundle;
import io.jray.proto.BundleId;
import io.jray.proto.CancelResourceReserveReply;
import io.jray.proto.CancelResourceReserveRequest;
import io.jray.proto.CommitBundleResourcesReply;
import io.jray.proto.CommitBundleResourcesRequest;
import io.jray.proto.NodeInfo;
import io.jray.proto.NodeManagerServiceGrpc.NodeManagerServiceStub;
import io.jray.proto.PrepareBundleResourcesReply;
import io.jray.proto.PrepareBundleResourcesRequest;
import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.rpc.PeerChannels;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.logging.Logger;

/**
 * Reserves a placement group's bundles on their nodes in two phases, as Ray's GCS does: every node prepares
 * its bundles (all or none), then every node commits them. When a node says no or cannot be reached, every
 * bundle of the attempt is cancelled on every node, so a failed attempt leaves nothing reserved. Replies come on
 * gRPC threads; each node's answer also refreshes the node table's view of its free resources.
 */
final class BundleReserver {
  private static final Logger LOG = Logger.getLogger(BundleReserver.class.getName());

  private final PeerChannels peers;
  private final NodeManager nodes;

  BundleReserver(PeerChannels peers, NodeManager nodes) {
    this.peers = peers;
    this.nodes = nodes;
  }

  /** Completes with true once every bundle is committed, false once a failed attempt is rolled back. */
  CompletableFuture<Boolean> reserve(Map<NodeInfo, List<Bundle>> byNode) {
    CompletableFuture<?>[] prepares = byNode.entrySet().stream().map(e -> this.<PrepareBundleResourcesReply>call(
        e.getKey(), (stub, reply) -> stub.prepareBundleResources(
            PrepareBundleResourcesRequest.newBuilder().addAllBundles(e.getValue()).build(), reply))
        .thenApply(reply -> {
          nodes.updateAvailable(e.getKey().getNodeId(), reply.getAvailable());
          return reply.getSuccess();
        })).toArray(CompletableFuture[]::new);
    return allTrue(prepares).thenCompose(prepared -> {
      if (!prepared) {
        return rollBack(byNode);
      }
      CompletableFuture<?>[] commits = byNode.entrySet().stream().map(e -> this.<CommitBundleResourcesReply>call(
          e.getKey(), (stub, reply) -> stub.commitBundleResources(CommitBundleResourcesRequest.newBuilder()
              .addAllBundles(e.getValue().stream().map(Bundle::getId).toList()).build(), reply))
          .thenApply(reply -> true)).toArray(CompletableFuture[]::new);
      return allTrue(commits).thenCompose(committed -> committed ? CompletableFuture.completedFuture(true)
          : rollBack(byNode));
    });
  }

  /** Gives one bundle back to its node (it kills the workers leased from it); failures are only logged. */
  void cancel(NodeInfo node, BundleId bundle) {
    this.<CancelResourceReserveReply>call(node, (stub, reply) -> stub.cancelResourceReserve(
        CancelResourceReserveRequest.newBuilder().setBundle(bundle).build(), reply))
        .whenComplete((reply, error) -> {
          if (error != null) {
            LOG.info("could not give bundle " + bundle.getBundleIndex() + " back to node="
                + NodeManager.hex(node.getNodeId()) + ": " + error.getMessage());
          } else {
            nodes.updateAvailable(node.getNodeId(), reply.getAvailable());
          }
        });
  }

  private CompletableFuture<Boolean> rollBack(Map<NodeInfo, List<Bundle>> byNode) {
    byNode.forEach((node, bundles) -> bundles.forEach(b -> cancel(node, b.getId())));
    return CompletableFuture.completedFuture(false);
  }

  /** True when every future completed with true; false when any failed or said false. */
  private static CompletableFuture<Boolean> allTrue(CompletableFuture<?>[] answers) {
    return CompletableFuture.allOf(answers).handle((v, error) -> {
      if (error != null) {
        return false;
      }
      for (CompletableFuture<?> answer : answers) {
        if (!Boolean.TRUE.equals(answer.join())) {
          return false;
        }
      }
      return true;
    });
  }

  /** One call to a node's raylet, with a deadline, as a future. */
  private <T> CompletableFuture<T> call(NodeInfo node, BiConsumer<NodeManagerServiceStub, StreamObserver<T>> rpc) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Address raylet = Address.newBuilder().setIp(node.getNodeIp()).setPort(node.getNodeManagerPort()).build();
    rpc.accept(peers.raylet(raylet).withDeadlineAfter(JrayConfig.RPC_TIMEOUT_MS.get(), TimeUnit.MILLISECONDS),
        new StreamObserver<>() {
          @Override
          public void onNext(T value) {
            result.complete(value);
          }

          @Override
          public void onError(Throwable t) {
            result.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {}
        });
    return result;
  }
}
