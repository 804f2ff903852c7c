package io.jray.runtime.gcs;

import com.google.protobuf.ByteString;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.jray.proto.RegisterDriverReply;
import io.jray.proto.RegisterDriverRequest;
import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.rpc.Backoff;
import java.util.Iterator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A driver's job at the GCS: the registration stream that stays open while the driver lives. When it breaks
 * (a network blip, a GCS that restarts) the driver registers again with its job id, with backoff and jitter, for up
 * to {@code gcs_reconnect_timeout_ms}; the GCS keeps the job meanwhile. Closing it tells the GCS the job is done
 * ({@code MarkJobFinished}), so that only a driver that really went away is taken for one.
 */
public final class DriverRegistration implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(DriverRegistration.class.getName());

  private final GcsClient gcs;
  private final RegisterDriverRequest request;
  private final RegisterDriverReply job;
  private volatile Context.CancellableContext stream;
  private volatile boolean closed;

  private DriverRegistration(GcsClient gcs, RegisterDriverRequest request, RegisterDriverReply job,
      Context.CancellableContext stream, Iterator<RegisterDriverReply> replies) {
    this.gcs = gcs;
    this.request = request.toBuilder().setJobId(job.getJobId()).build();
    this.job = job;
    this.stream = stream;
    Thread keeper = new Thread(() -> keep(replies), "driver-registration");
    keeper.setDaemon(true);
    keeper.start();
  }

  /**
   * Registers a new job and keeps its stream open. A GCS that does not answer (it may be restarting) is tried
   * again, with backoff and jitter, for up to {@code gcs_reconnect_timeout_ms}.
   */
  public static DriverRegistration register(GcsClient gcs, RegisterDriverRequest request) {
    long deadline = System.currentTimeMillis() + JrayConfig.GCS_RECONNECT_TIMEOUT_MS.get();
    Backoff backoff = new Backoff(100, 2000, Integer.MAX_VALUE);
    int failures = 0;
    while (true) {
      Context.CancellableContext stream = Context.current().withCancellation();
      try {
        Iterator<RegisterDriverReply> replies = gcs.openDriverStream(request, stream);
        return new DriverRegistration(gcs, request, replies.next(), stream, replies);
      } catch (StatusRuntimeException e) {
        stream.cancel(null);
        long wait = backoff.delayMs(++failures);
        if (!GcsClient.gcsAway(e) || System.currentTimeMillis() + wait > deadline) {
          throw e;
        }
        gcs.channel().resetConnectBackoff();
        try {
          Thread.sleep(wait);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      } catch (RuntimeException e) {
        stream.cancel(null);
        throw e;
      }
    }
  }

  public ByteString jobId() {
    return job.getJobId();
  }

  public String namespace() {
    return job.getNamespace();
  }

  /** Drains the stream while it is open; when it breaks, registers again until it holds or the bound passes. */
  private void keep(Iterator<RegisterDriverReply> replies) {
    while (true) {
      try {
        while (replies.hasNext()) {
          replies.next();
        }
      } catch (RuntimeException ended) {
        // broken, or cancelled at close
      }
      if (closed) {
        return;
      }
      LOG.warning("the driver's registration with the GCS at " + gcs.address() + " broke; registering again");
      replies = reattach();
      if (replies == null) {
        return;
      }
    }
  }

  private Iterator<RegisterDriverReply> reattach() {
    long deadline = System.currentTimeMillis() + JrayConfig.GCS_RECONNECT_TIMEOUT_MS.get();
    Backoff backoff = new Backoff(100, 2000, Integer.MAX_VALUE);
    int failures = 0;
    while (!closed) {
      Context.CancellableContext next = Context.current().withCancellation();
      try {
        Iterator<RegisterDriverReply> replies = gcs.openDriverStream(request, next);
        replies.next();
        stream = next;
        if (closed) {
          next.cancel(null);
          return null;
        }
        LOG.info("the driver's job " + java.util.HexFormat.of().formatHex(job.getJobId().toByteArray())
            + " goes on: registered again with the GCS after " + failures + " failed tries");
        return replies;
      } catch (StatusRuntimeException e) {
        next.cancel(null);
        if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
          LOG.severe("the GCS ended this driver's job while it was away: " + e.getStatus().getDescription());
          return null;
        }
        long wait = backoff.delayMs(++failures);
        if (System.currentTimeMillis() + wait > deadline) {
          LOG.severe("no GCS answered at " + gcs.address() + " for " + JrayConfig.GCS_RECONNECT_TIMEOUT_MS.get() / 1000
              + " s (gcs_reconnect_timeout_ms); this driver's job has ended");
          return null;
        }
        gcs.channel().resetConnectBackoff();
        try {
          Thread.sleep(wait);
        } catch (InterruptedException interrupted) {
          return null;
        }
      }
    }
    return null;
  }

  /** Ends the job at the GCS (at most a short wait if the GCS does not answer), then the stream. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      gcs.markJobFinished(job.getJobId(), Math.min(5000, JrayConfig.RPC_TIMEOUT_MS.get()));
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "could not tell the GCS the job finished; the broken stream will", e);
    }
    stream.cancel(null);
  }
}
