package io.jray.objectstore;

import io.grpc.stub.ServerCallStreamObserver;
import io.jray.proto.StoreConnectReply;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The store's open client sessions (one stream per connected process): ended together when the store stops, and
 * asked to collect their garbage when the arena fills, so that the objects of refs their programs dropped are
 * freed before the store has to spill them. Asks at most once per interval; while asking does not bring the arena
 * back under the mark (its objects are all in use), the interval doubles, up to {@link #MAX_BACKOFF} times, so
 * live data does not cost every process a full collection several times a second. Thread-safe.
 */
final class ClientSessions {
  static final int MAX_BACKOFF = 32;

  private final Set<ServerCallStreamObserver<StoreConnectReply>> sessions = ConcurrentHashMap.newKeySet();
  private final long baseIntervalNanos;
  private long intervalNanos;
  private long lastAskNanos;
  private boolean asked;
  /** Whether a create found the arena under the mark since the last ask (the ask, or frees, made room). */
  private boolean roomSinceAsk;

  ClientSessions(long collectIntervalMs) {
    this.baseIntervalNanos = TimeUnit.MILLISECONDS.toNanos(collectIntervalMs);
    this.intervalNanos = baseIntervalNanos;
  }

  /** A new session; {@code ended} runs when its client hangs up or dies. */
  void add(ServerCallStreamObserver<StoreConnectReply> session, Runnable ended) {
    session.setOnCancelHandler(() -> {
      sessions.remove(session);
      ended.run();
    });
    sessions.add(session); // after the handler is set: from here on other threads send on it
  }

  /**
   * After each create: whether the arena is now fuller than the mark (or the create found no room). Asks every
   * client to collect its garbage when it is and the interval has passed.
   */
  void afterCreate(boolean overMark) {
    synchronized (this) {
      if (!overMark) {
        roomSinceAsk = true;
        return;
      }
      long now = System.nanoTime();
      if (asked && now - lastAskNanos < intervalNanos) {
        return;
      }
      intervalNanos = !asked || roomSinceAsk ? baseIntervalNanos
          : Math.min(2 * intervalNanos, MAX_BACKOFF * baseIntervalNanos);
      asked = true;
      lastAskNanos = now;
      roomSinceAsk = false;
    }
    StoreConnectReply collect = StoreConnectReply.newBuilder().setCollectGarbage(true).build();
    for (ServerCallStreamObserver<StoreConnectReply> session : sessions) {
      send(session, () -> session.onNext(collect));
    }
  }

  /** Ends every session, so a stopping server need not wait for the clients to hang up. */
  void endAll() {
    for (ServerCallStreamObserver<StoreConnectReply> session : sessions) {
      sessions.remove(session);
      send(session, session::onCompleted);
    }
  }

  /** A stream takes one message at a time; a session whose client just left is skipped. */
  private static void send(ServerCallStreamObserver<StoreConnectReply> session, Runnable message) {
    synchronized (session) {
      try {
        message.run();
      } catch (IllegalStateException | io.grpc.StatusRuntimeException alreadyClosed) {
        // the client left at the same moment
      }
    }
  }
}
