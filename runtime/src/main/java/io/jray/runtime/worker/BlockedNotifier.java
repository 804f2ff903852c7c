package io.jray.runtime.worker;

import io.jray.runtime.process.DaemonThreads;
import com.google.protobuf.ByteString;
import io.jray.proto.Address;
import io.jray.proto.NotifyWorkerBlockedRequest;
import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.rpc.PeerChannels;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tells this worker's raylet when its tasks block in get/wait and when they resume, in order (one sender
 * thread), so the raylet can lend the lease's CPU to the subtasks being waited for. A block shorter than
 * {@link #NOTICE_DELAY_MS} is not told at all: a task that gets results in a tight loop (an actor call's reply,
 * a short subtask) would otherwise cost its raylet two calls per get.
 */
public final class BlockedNotifier implements Consumer<Boolean>, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(BlockedNotifier.class.getName());
  static final long NOTICE_DELAY_MS = 10;

  private final PeerChannels peers;
  private final Address raylet;
  private final ByteString workerId;
  private final ScheduledExecutorService sender =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("blocked-notifier"));
  /** The block notice waiting out its delay; guarded by this. */
  private ScheduledFuture<?> pendingBlock;

  public BlockedNotifier(PeerChannels peers, Address raylet, ByteString workerId) {
    this.peers = peers;
    this.raylet = raylet;
    this.workerId = workerId;
  }

  @Override
  public synchronized void accept(Boolean blocked) {
    if (blocked) {
      pendingBlock = sender.schedule(() -> tell(true), NOTICE_DELAY_MS, TimeUnit.MILLISECONDS);
      return;
    }
    boolean neverTold = pendingBlock != null && pendingBlock.cancel(false);
    pendingBlock = null;
    if (!neverTold) {
      sender.execute(() -> tell(false)); // after the block notice: one thread sends both
    }
  }

  private void tell(boolean blocked) {
    try {
      peers.rayletBlocking(raylet).withDeadlineAfter(JrayConfig.RPC_TIMEOUT_MS.get(), TimeUnit.MILLISECONDS)
          .notifyWorkerBlocked(NotifyWorkerBlockedRequest.newBuilder().setWorkerId(workerId).setBlocked(blocked)
              .build());
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "could not tell the raylet this worker's tasks " + (blocked ? "blocked" : "resumed"), e);
    }
  }

  @Override
  public void close() {
    sender.shutdownNow();
  }
}
