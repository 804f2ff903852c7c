package io.jray.runtime.worker;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.jray.proto.Address;
import io.jray.proto.GetObjectRequest;
import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.process.DaemonThreads;
import io.jray.runtime.rpc.Backoff;
import io.jray.runtime.rpc.PeerChannels;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Decides, when a lease's task stream broke, whether the lease's owner is gone: it asks the owner (a GetObject
 * that answers at once), with backoff, and only when no try is answered does this worker exit, as Ray kills the
 * workers a dead owner leased, so the raylet frees the lease and the dead owner's queued tasks do not run. An
 * owner that answers is alive (a network blip broke its stream, or the stream was someone else's): the worker
 * goes on, and the owner, which saw its stream break, gives the lease back itself. Checks run on a thread of
 * their own, never on the network thread that saw the stream break.
 */
public final class LeaseOwnerCheck implements Consumer<Address> {
  private static final Logger LOG = Logger.getLogger(LeaseOwnerCheck.class.getName());
  private final PeerChannels peers;
  private final Runnable exit;
  private final ExecutorService checks = Executors.newCachedThreadPool(DaemonThreads.named("lease-owner-check"));
  /** Owners being checked now: several streams of one owner breaking at once need one check. */
  private final Set<Address> checking = ConcurrentHashMap.newKeySet();

  /** @param exit ends this worker (halt) */
  public LeaseOwnerCheck(PeerChannels peers, Runnable exit) {
    this.peers = peers;
    this.exit = exit;
  }

  @Override
  public void accept(Address owner) {
    if (!checking.add(owner)) {
      return;
    }
    checks.execute(() -> {
      try {
        if (!answers(owner)) {
          LOG.warning("The owner of this worker's lease (" + owner.getIp() + ":" + owner.getPort()
              + ") is gone; exiting so that the raylet frees the lease.");
          exit.run();
        } else {
          LOG.info("a lease stream of owner " + owner.getIp() + ":" + owner.getPort()
              + " broke but the owner answers; this worker goes on");
        }
      } finally {
        checking.remove(owner);
      }
    });
  }

  /** Whether the owner answers one of the tries; any status but UNAVAILABLE or a missed deadline is an answer. */
  private boolean answers(Address owner) {
    Backoff retry = Backoff.standard();
    for (int failures = 0; ; ) {
      try {
        peers.coreWorkerBlocking(owner).withDeadlineAfter(JrayConfig.RPC_TIMEOUT_MS.get(), TimeUnit.MILLISECONDS)
            .getObject(GetObjectRequest.newBuilder().setTimeoutMs(0).build());
        return true;
      } catch (StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        if (code != Status.Code.UNAVAILABLE && code != Status.Code.DEADLINE_EXCEEDED) {
          return true;
        }
      }
      failures++;
      if (retry.exhausted(failures)) {
        return false;
      }
      try {
        Thread.sleep(retry.delayMs(failures));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }
}
