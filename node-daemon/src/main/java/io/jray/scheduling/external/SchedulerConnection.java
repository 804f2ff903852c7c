package io.jray.scheduling.external;

import io.jray.runtime.rpc.HostPort;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * The GCS's one TCP connection to the external scheduler: one request and its reply at a time, each bounded by a
 * deadline. Any failure (refused, closed, timed out, a reply that is not the protocol) closes the connection and
 * makes every call fail fast until the backoff has passed; the next call then connects again, and the
 * {@code onConnected} hook (which tells the scheduler of the nodes again) runs before anything else is sent.
 * Thread-safe: calls take one lock, waiting for it no longer than their own deadline; only {@link #maintain}
 * (a background tick) connects, so a caller never waits for a reconnection and its replay.
 */
public final class SchedulerConnection implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(SchedulerConnection.class.getName());

  /** The scheduler cannot be asked now: the caller's built-in policy decides. */
  public static final class Unavailable extends Exception {
    public Unavailable(String message) {
      super(message);
    }
  }

  /** Reads a reply; a {@link SchedulerWire.WireException} fails the connection like any other fault. */
  public interface Decoder<T> {
    T decode(byte[] reply) throws SchedulerWire.WireException;
  }

  /** What runs on each new connection before other calls (it may call {@link #callConnected}). */
  public interface OnConnected {
    void run(SchedulerConnection connection) throws IOException;
  }

  private final HostPort address;
  private final long timeoutMs;
  private final long backoffBaseMs;
  private final long backoffMaxMs;
  private final LongSupplier clock;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile OnConnected onConnected = c -> {};
  private Socket socket;
  private InputStream in;
  private OutputStream out;
  private int failures;
  private long retryAtMs;
  private volatile String lastProblem = "not connected yet";
  private volatile boolean connected;
  private volatile boolean closed;

  public SchedulerConnection(HostPort address, long timeoutMs, long backoffBaseMs, long backoffMaxMs,
      LongSupplier clock) {
    this.address = address;
    this.timeoutMs = timeoutMs;
    this.backoffBaseMs = Math.max(1, backoffBaseMs);
    this.backoffMaxMs = Math.max(this.backoffBaseMs, backoffMaxMs);
    this.clock = clock;
  }

  public void onConnected(OnConnected hook) {
    this.onConnected = hook;
  }

  public HostPort address() {
    return address;
  }

  /** Whether the last call (or connection attempt) succeeded. */
  public boolean connected() {
    return connected;
  }

  /** Why the scheduler is not connected, for status lines. */
  public String problem() {
    return lastProblem;
  }

  /** What runs while holding the connection: several calls no other caller's call comes between. */
  public interface Held<T> {
    T run() throws Unavailable;
  }

  /**
   * Sends one request and returns its decoded reply. The deadline covers the wait for the connection as well as
   * the exchange; while not connected it fails at once (the background {@link #maintain} reconnects).
   */
  public <T> T call(byte[] request, Decoder<T> decoder) throws Unavailable {
    long deadline = clock.getAsLong() + timeoutMs;
    return holding(deadline, () -> {
      if (closed) {
        throw new Unavailable("the connection is closed");
      }
      if (socket == null) {
        long now = clock.getAsLong();
        throw new Unavailable("not connected (" + lastProblem + ")" + (now < retryAtMs
            ? "; next attempt in " + (retryAtMs - now) + " ms" : ""));
      }
      long left = deadline - clock.getAsLong();
      if (left <= 0) {
        throw new Unavailable("the connection was busy past the deadline (" + timeoutMs + " ms)");
      }
      try {
        return decoder.decode(exchange(request, left));
      } catch (IOException e) {
        throw failed(e);
      }
    });
  }

  /** Runs {@code work} (its calls) with the connection held, waiting for it up to the deadline. */
  public <T> T holding(Held<T> work) throws Unavailable {
    return holding(clock.getAsLong() + timeoutMs, work);
  }

  private <T> T holding(long deadline, Held<T> work) throws Unavailable {
    try {
      if (!lock.tryLock(Math.max(0, deadline - clock.getAsLong()), TimeUnit.MILLISECONDS)) {
        throw new Unavailable("another call held the connection past the deadline (" + timeoutMs + " ms)");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unavailable("interrupted while waiting for the connection");
    }
    try {
      return work.run();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Run periodically: connects (running the hook) when not connected and the backoff has passed; when connected,
   * notices at once a scheduler that closed the connection or died (a read of 1 ms that sees the end of the
   * stream), so status is true while nothing is asked. A hung scheduler is noticed by the next call's deadline.
   */
  public void maintain() {
    if (!lock.tryLock()) {
      return; // in use: the call in progress notices any fault itself
    }
    try {
      maintainHeld();
    } finally {
      lock.unlock();
    }
  }

  private void maintainHeld() {
    if (!closed && socket != null) {
      IOException problem;
      try {
        socket.setSoTimeout(1);
        problem = in.read() < 0 ? new IOException("the scheduler closed the connection")
            : new SchedulerWire.WireException("the scheduler sent bytes nobody asked for");
      } catch (SocketTimeoutException alive) {
        return;
      } catch (IOException e) {
        problem = e;
      }
      failed(problem);
      return;
    }
    if (!closed && socket == null && clock.getAsLong() >= retryAtMs) {
      try {
        connect();
      } catch (Unavailable stillDown) {
        // logged by failed(); the next tick tries again
      }
    }
  }

  private void connect() throws Unavailable {
    try {
      open();
      onConnected.run(this);
    } catch (IOException e) {
      throw failed(e);
    } catch (RuntimeException e) {
      throw failed(new IOException(e.getMessage(), e));
    }
  }

  /** For the {@link OnConnected} hook: a call on the connection just opened (an IOException fails the connect). */
  public <T> T callConnected(byte[] request, Decoder<T> decoder) throws IOException {
    if (!lock.isHeldByCurrentThread()) {
      throw new IllegalStateException("callConnected is for the onConnected hook");
    }
    return decoder.decode(exchange(request, timeoutMs));
  }

  private void open() throws IOException {
    Socket s = new Socket();
    try {
      s.setTcpNoDelay(true);
      s.connect(new InetSocketAddress(address.host(), address.port()), (int) timeoutMs);
      if (connectedToItself(s)) {
        // Nothing listens on a port of the ephemeral range: the kernel may pick that very port for this socket
        // and complete a simultaneous open with itself. Kept, it would hold the port against the scheduler's return
        // and echo every request back as its "reply".
        throw new IOException("nothing listens on " + address + " (the connection reached itself)");
      }
      socket = s;
      in = s.getInputStream();
      out = s.getOutputStream();
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }

  /** Whether a connected socket's two ends are one address and port (a TCP self-connection). */
  static boolean connectedToItself(Socket s) {
    return s.getLocalPort() == s.getPort() && s.getLocalAddress().equals(s.getInetAddress());
  }

  private byte[] exchange(byte[] request, long withinMs) throws IOException {
    long deadline = clock.getAsLong() + withinMs;
    socket.setSoTimeout((int) Math.max(1, withinMs));
    SchedulerWire.writeFrame(out, request);
    byte[] reply = SchedulerWire.readFrame(new DeadlineInput(in, socket, deadline, clock));
    if (reply == null) {
      throw new IOException("the scheduler closed the connection");
    }
    if (!connected) {
      connected = true;
      failures = 0;
      LOG.info("external scheduler connected at " + address);
    }
    return reply;
  }

  private Unavailable failed(IOException e) {
    String why = e instanceof SocketTimeoutException ? "no reply within " + timeoutMs + " ms (external_scheduler_"
        + "timeout_ms)" : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    closeSocket();
    failures++;
    long wait = Math.min(backoffMaxMs, backoffBaseMs << Math.min(failures - 1, 20));
    retryAtMs = clock.getAsLong() + wait;
    boolean wasConnected = connected;
    connected = false;
    lastProblem = why;
    if (wasConnected || failures == 1) {
      LOG.warning("external scheduler at " + address + " failed: " + why + "; the built-in policy decides until it "
          + "answers again (next attempt in " + wait + " ms)");
    } else {
      LOG.fine("external scheduler at " + address + " still unavailable: " + why);
    }
    return new Unavailable(why);
  }

  private void closeSocket() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    socket = null;
    in = null;
    out = null;
  }

  @Override
  public void close() {
    closed = true;
    lock.lock();
    try {
      connected = false;
      closeSocket();
    } finally {
      lock.unlock();
    }
  }

  /** Reads within one deadline for the whole reply (the socket timeout alone would be per read). */
  private static final class DeadlineInput extends InputStream {
    private final InputStream in;
    private final Socket socket;
    private final long deadline;
    private final LongSupplier clock;

    DeadlineInput(InputStream in, Socket socket, long deadline, LongSupplier clock) {
      this.in = in;
      this.socket = socket;
      this.deadline = deadline;
      this.clock = clock;
    }

    private void arm() throws IOException {
      long left = deadline - clock.getAsLong();
      if (left <= 0) {
        throw new SocketTimeoutException("deadline passed");
      }
      socket.setSoTimeout((int) Math.max(1, left));
    }

    @Override
    public int read() throws IOException {
      arm();
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      arm();
      return in.read(b, off, len);
    }
  }
}
