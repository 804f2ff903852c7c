package io.jray.scheduling.external;

import io.jray.runtime.rpc.HostPort;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * The GCS's one TCP connection to the external scheduler: one request and its reply at a time, each bounded by a
 * deadline. Any failure (refused, closed, timed out, a reply that is not the protocol) closes the connection and
 * makes every call fail fast until the backoff has passed; the next call then connects again, and the
 * {@code onConnected} hook (which tells the scheduler of the nodes again) runs before anything else is sent.
 * Thread-safe: calls are serialized on this object.
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
  private OnConnected onConnected = c -> {};
  private Socket socket;
  private InputStream in;
  private OutputStream out;
  private int failures;
  private long retryAtMs;
  private String lastProblem = "not connected yet";
  private volatile boolean connected;
  private boolean closed;

  public SchedulerConnection(HostPort address, long timeoutMs, long backoffBaseMs, long backoffMaxMs,
      LongSupplier clock) {
    this.address = address;
    this.timeoutMs = timeoutMs;
    this.backoffBaseMs = Math.max(1, backoffBaseMs);
    this.backoffMaxMs = Math.max(this.backoffBaseMs, backoffMaxMs);
    this.clock = clock;
  }

  public synchronized void onConnected(OnConnected hook) {
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
  public synchronized String problem() {
    return lastProblem;
  }

  /** Sends one request and returns its decoded reply, connecting first if need be. */
  public synchronized <T> T call(byte[] request, Decoder<T> decoder) throws Unavailable {
    if (closed) {
      throw new Unavailable("the connection is closed");
    }
    if (socket == null) {
      long now = clock.getAsLong();
      if (now < retryAtMs) {
        throw new Unavailable("not connected (" + lastProblem + "); next attempt in " + (retryAtMs - now) + " ms");
      }
      connect();
    }
    try {
      return decoder.decode(exchange(request));
    } catch (IOException e) {
      throw failed(e);
    }
  }

  /**
   * Run periodically: connects (running the hook) when not connected and the backoff has passed; when connected,
   * notices at once a scheduler that closed the connection or died (a read of 1 ms that sees the end of the
   * stream), so status is true while nothing is asked. A hung scheduler is noticed by the next call's deadline.
   */
  public synchronized void maintain() {
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
  public synchronized <T> T callConnected(byte[] request, Decoder<T> decoder) throws IOException {
    return decoder.decode(exchange(request));
  }

  private void open() throws IOException {
    Socket s = new Socket();
    try {
      s.setTcpNoDelay(true);
      s.connect(new InetSocketAddress(address.host(), address.port()), (int) timeoutMs);
      socket = s;
      in = s.getInputStream();
      out = s.getOutputStream();
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }

  private byte[] exchange(byte[] request) throws IOException {
    long deadline = clock.getAsLong() + timeoutMs;
    socket.setSoTimeout((int) timeoutMs);
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
  public synchronized void close() {
    closed = true;
    connected = false;
    closeSocket();
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
