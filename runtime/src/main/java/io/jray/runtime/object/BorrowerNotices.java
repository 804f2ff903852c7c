package io.jray.runtime.object;

import io.jray.runtime.process.DaemonThreads;
import com.google.protobuf.ByteString;
import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import io.jray.proto.Address;
import io.jray.proto.BorrowerDelta;
import io.jray.proto.UpdateBorrowersReply;
import io.jray.proto.UpdateBorrowersRequest;
import io.jray.proto.WatchWorkerReply;
import io.jray.proto.WatchWorkerRequest;
import io.jray.runtime.rpc.PeerChannels;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The wire side of the borrower protocol. To owners: how this process's holds on their objects changed. A
 * registration is sent at once and waited for: it must reach the owner while the hold that carried the ref
 * still exists. A release may arrive any time later, so releases are merged per owner and sent in the
 * background. From borrowers: when their process ends.
 */
final class BorrowerNotices {
  private static final Logger LOG = Logger.getLogger(BorrowerNotices.class.getName());
  private static final long REGISTER_DEADLINE_MS = 10_000;

  private final PeerChannels peers;
  private final ExecutorService sender = Executors.newSingleThreadExecutor(DaemonThreads.named("borrower-notices"));
  /** owner -> object -> release count not yet sent; guarded by this. */
  private Map<Address, Map<ByteString, Integer>> releases = new HashMap<>();
  private volatile Address self = Address.getDefaultInstance();
  private volatile boolean closed;

  BorrowerNotices(PeerChannels peers) {
    this.peers = peers;
  }

  /** Registers one more hold of {@code borrower} on each object with their owner; returns once it answered. */
  void register(Address owner, Address borrower, Collection<ByteString> ids) {
    UpdateBorrowersRequest.Builder request = UpdateBorrowersRequest.newBuilder().setBorrower(borrower);
    ids.forEach(id -> request.addDeltas(BorrowerDelta.newBuilder().setObjectId(id).setDelta(1)));
    try {
      peers.coreWorkerBlocking(owner).withDeadlineAfter(REGISTER_DEADLINE_MS, TimeUnit.MILLISECONDS)
          .updateBorrowers(request.build());
    } catch (RuntimeException e) {
      // The owner is gone (its objects with it) or unreachable: a get of these refs reports them lost.
      LOG.log(Level.FINE, "could not register a borrower with " + owner.getIp() + ":" + owner.getPort(), e);
    }
  }

  /** This process dropped {@code count} registered holds on an object: the owner is told soon. */
  void release(Address owner, ByteString id, int count) {
    boolean first;
    synchronized (this) {
      first = releases.isEmpty();
      releases.computeIfAbsent(owner, o -> new HashMap<>()).merge(id, count, Integer::sum);
    }
    if (first && !closed) {
      try {
        sender.execute(this::flush);
      } catch (java.util.concurrent.RejectedExecutionException closedMeanwhile) {
        // this process is shutting down: its owners see it end, which releases its holds
      }
    }
  }

  private void flush() {
    Map<Address, Map<ByteString, Integer>> batch;
    synchronized (this) {
      batch = releases;
      releases = new HashMap<>();
    }
    batch.forEach((owner, counts) -> {
      UpdateBorrowersRequest.Builder request = UpdateBorrowersRequest.newBuilder().setBorrower(self);
      counts.forEach((id, n) -> request.addDeltas(BorrowerDelta.newBuilder().setObjectId(id).setDelta(-n)));
      peers.coreWorker(owner).updateBorrowers(request.build(), new StreamObserver<>() {
        @Override
        public void onNext(UpdateBorrowersReply reply) {}

        @Override
        public void onError(Throwable t) {
          LOG.log(Level.FINE, "could not release borrowed objects at " + owner.getIp() + ":" + owner.getPort(), t);
        }

        @Override
        public void onCompleted() {}
      });
    });
  }

  /** This process's address, the borrower named in its releases. */
  void bindSelf(Address address) {
    this.self = address;
  }

  /**
   * Runs {@code gone} once when {@code borrower}'s process ends (its WatchWorker stream breaks), so the holds it
   * registered here do not keep objects for good.
   */
  void watch(Address borrower, Runnable gone) {
    StreamObserver<WatchWorkerReply> watcher = new StreamObserver<>() {
      @Override
      public void onNext(WatchWorkerReply reply) {}

      @Override
      public void onError(Throwable t) {
        ended();
      }

      @Override
      public void onCompleted() {
        ended();
      }

      private void ended() {
        if (!closed) {
          gone.run();
        }
      }
    };
    // Called inside a server call (UpdateBorrowers): a stream started in that call's context would end with it.
    Context.ROOT.run(() -> peers.coreWorker(borrower).watchWorker(WatchWorkerRequest.getDefaultInstance(), watcher));
  }

  void close() {
    closed = true;
    sender.shutdownNow();
  }
}
