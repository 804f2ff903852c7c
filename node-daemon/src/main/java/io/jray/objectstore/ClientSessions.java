package io.jray.objectstore;

import io.grpc.stub.ServerCallStreamObserver;
import io.jray.proto.StoreConnectReply;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The store's open client sessions (one stream per connected process): ended together when the store stops, and
 * asked, at most once per interval, to collect their garbage when the arena fills, so that the objects of refs
 * their programs dropped are freed before the store spills them. Thread-safe.
 */
final class ClientSessions {
  private final Set<ServerCallStreamObserver<StoreConnectReply>> sessions = ConcurrentHashMap.newKeySet();
  private final long collectIntervalNanos;
  private final AtomicLong lastCollectNanos;

  ClientSessions(long collectIntervalMs) {
    this.collectIntervalNanos = TimeUnit.MILLISECONDS.toNanos(collectIntervalMs);
    this.lastCollectNanos = new AtomicLong(System.nanoTime() - collectIntervalNanos);
  }

  /** A new session; {@code ended} runs when its client hangs up or dies. */
  void add(ServerCallStreamObserver<StoreConnectReply> session, Runnable ended) {
    sessions.add(session);
    session.setOnCancelHandler(() -> {
      sessions.remove(session);
      ended.run();
    });
  }

  /** Asks every client to collect its garbage, unless they were asked within the interval. */
  void askToCollect() {
    long last = lastCollectNanos.get();
    long now = System.nanoTime();
    if (now - last < collectIntervalNanos || !lastCollectNanos.compareAndSet(last, now)) {
      return;
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
