package io.jray.runtime.worker;

import io.jray.runtime.process.DaemonThreads;
import com.google.protobuf.ByteString;
import io.jray.proto.Address;
import io.jray.proto.NotifyWorkerBlockedRequest;
import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.rpc.PeerChannels;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tells this worker's raylet when its tasks block in get/wait and when they resume, in order (one sender
 * thread), so the raylet can lend the lease's CPU to the subtasks being waited for.
 */
public final class BlockedNotifier implements Consumer<Boolean>, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(BlockedNotifier.class.getName());

  private final PeerChannels peers;
  private final Address raylet;
  private final ByteString workerId;
  private final ExecutorService sender = Executors.newSingleThreadExecutor(DaemonThreads.named("blocked-notifier"));

  public BlockedNotifier(PeerChannels peers, Address raylet, ByteString workerId) {
    this.peers = peers;
    this.raylet = raylet;
    this.workerId = workerId;
  }

  @Override
  public void accept(Boolean blocked) {
    sender.execute(() -> {
      try {
        peers.rayletBlocking(raylet).withDeadlineAfter(JrayConfig.RPC_TIMEOUT_MS.get(), TimeUnit.MILLISECONDS)
            .notifyWorkerBlocked(NotifyWorkerBlockedRequest.newBuilder().setWorkerId(workerId).setBlocked(blocked)
                .build());
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "could not tell the raylet this worker's tasks " + (blocked ? "blocked" : "resumed"), e);
      }
    });
  }

  @Override
  public void close() {
    sender.shutdownNow();
  }
}
