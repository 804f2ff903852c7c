package io.jray.scheduling.external;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.runtime.rpc.HostPort;
import io.jray.testing.Await;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The GCS's side of the wire against real sockets: deadlines, bad replies, backoff, reconnection. */
class SchedulerConnectionTest {
  private static final long TIMEOUT_MS = 300;

  private static SchedulerConnection connectionTo(int port, long backoffMs) {
    return new SchedulerConnection(new HostPort("127.0.0.1", port), TIMEOUT_MS, backoffMs, backoffMs,
        System::currentTimeMillis);
  }

  /** A peer that accepts and then answers every request with {@code reply} (raw bytes, prefix included). */
  private static ServerSocket answering(byte[] reply) throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(() -> {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          if (reply != null) {
            SchedulerWire.readFrame(s.getInputStream());
            OutputStream out = s.getOutputStream();
            out.write(reply);
            out.flush();
          }
        } catch (IOException closed) {
          return;
        }
      }
    });
    t.setDaemon(true);
    t.start();
    return server;
  }

  @Test
  void aHungSchedulerIsGivenUpAfterTheDeadlineAndThenFailsFastUntilTheBackoffPasses() throws Exception {
    try (ServerSocket silent = answering(null); SchedulerConnection c = connectionTo(silent.getLocalPort(), 60_000)) {
      c.maintain();
      long start = System.nanoTime();
      SchedulerConnection.Unavailable e = assertThrows(SchedulerConnection.Unavailable.class,
          () -> c.call(SchedulerWire.schedule(Map.of("CPU", 1.0)), SchedulerWire::decodePlacement));
      long tookMs = (System.nanoTime() - start) / 1_000_000;
      assertTrue(tookMs >= TIMEOUT_MS - 50 && tookMs < TIMEOUT_MS + 2000, tookMs + " ms");
      assertTrue(e.getMessage().contains("no reply within"), e.getMessage());
      start = System.nanoTime();
      assertThrows(SchedulerConnection.Unavailable.class,
          () -> c.call(SchedulerWire.schedule(Map.of("CPU", 1.0)), SchedulerWire::decodePlacement));
      assertTrue((System.nanoTime() - start) / 1_000_000 < 100, "a call during the backoff waits for nothing");
      assertFalse(c.connected());
    }
  }

  @Test
  void aMalformedReplyAnUnknownStatusAndAnAbsurdLengthEachFailTheCall() throws Exception {
    String[] replies = {"0100000000000000" + "02", "0200000000000000" + "0000", "ffffffffffffffff"};
    for (String reply : replies) {
      try (ServerSocket bad = answering(HexFormat.of().parseHex(reply));
          SchedulerConnection c = connectionTo(bad.getLocalPort(), 60_000)) {
        c.maintain();
        assertThrows(SchedulerConnection.Unavailable.class,
            () -> c.call(SchedulerWire.schedule(Map.of("CPU", 1.0)), SchedulerWire::decodePlacement), reply);
        assertFalse(c.connected(), reply);
      }
    }
  }

  @Test
  void nothingListeningIsUnavailableAndTheConnectionComesBackWithItsHook() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    AtomicInteger hooks = new AtomicInteger();
    try (SchedulerConnection c = connectionTo(port, 50)) {
      c.onConnected(conn -> {
        hooks.incrementAndGet();
        conn.callConnected(SchedulerWire.addNode(1, Map.of("CPU", 2.0)), SchedulerWire::decodeStatus);
      });
      assertThrows(SchedulerConnection.Unavailable.class,
          () -> c.call(SchedulerWire.schedule(Map.of("CPU", 1.0)), SchedulerWire::decodePlacement));
      try (ReferenceScheduler service = SchedulerPorts.listenAgainOn(port)) {
        Await.until("the connection back", Duration.ofSeconds(10), () -> {
          c.maintain();
          return c.connected();
        });
        assertEquals(1, hooks.get());
        // The hook told it of node 1 before anything else was asked.
        assertEquals(OptionalLong.of(1),
            c.call(SchedulerWire.schedule(Map.of("CPU", 1.0)), SchedulerWire::decodePlacement));
      }
    }
  }

  @Test
  void aSocketThatReachedItselfIsToldApartFromAScheduler() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    // What the kernel may do to a reconnection attempt when nothing listens on an ephemeral port: a simultaneous
    // open with itself (forced here by binding the port the attempt goes to).
    try (Socket self = new Socket()) {
      self.setReuseAddress(true);
      self.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      self.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
      assertTrue(SchedulerConnection.connectedToItself(self));
    }
    try (ServerSocket real = answering(null); Socket client = new Socket(InetAddress.getLoopbackAddress(),
        real.getLocalPort())) {
      assertFalse(SchedulerConnection.connectedToItself(client));
    }
  }

  @Test
  void aSlowSchedulerCannotHoldASecondCallerPastItsDeadline() throws Exception {
    // Answers every request (a placement on node 1) after 250 ms: within the deadline, but not twice in a row.
    ServerSocket slow = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(() -> {
      try (Socket s = slow.accept()) {
        while (SchedulerWire.readFrame(s.getInputStream()) != null) {
          Thread.sleep(250);
          SchedulerWire.writeFrame(s.getOutputStream(), SchedulerWire.placed(1));
        }
      } catch (IOException | InterruptedException done) {
        // closed
      }
    });
    t.setDaemon(true);
    t.start();
    try (slow; SchedulerConnection c = connectionTo(slow.getLocalPort(), 60_000)) {
      c.maintain();
      byte[] ask = SchedulerWire.schedule(Map.of("CPU", 1.0));
      java.util.concurrent.CompletableFuture<Long> callers = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
        long start = System.nanoTime();
        try {
          c.call(ask, SchedulerWire::decodePlacement);
        } catch (SchedulerConnection.Unavailable busy) {
          // expected for whichever comes second
        }
        return (System.nanoTime() - start) / 1_000_000;
      });
      long start = System.nanoTime();
      try {
        c.call(ask, SchedulerWire::decodePlacement);
      } catch (SchedulerConnection.Unavailable busy) {
        // the other caller held it
      }
      long mine = (System.nanoTime() - start) / 1_000_000;
      long theirs = callers.get();
      assertTrue(mine < TIMEOUT_MS + 150 && theirs < TIMEOUT_MS + 150, mine + " ms and " + theirs + " ms");
    }
  }
}
