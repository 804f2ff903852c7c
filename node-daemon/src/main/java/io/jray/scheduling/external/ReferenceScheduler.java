package io.jray.scheduling.external;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A reference external scheduler service ({@code jray external-scheduler}): speaks {@link SchedulerWire} to any
 * number of clients, keeps the nodes they announce with the resources they last gave, and answers each schedule
 * request with a node whose resources fit, by policy: LEAST_PLACED (the seed's own: the fitting node it has
 * placed the fewest requests on; counts survive the remove + add of a resource change, and the seed's queues only
 * grow), PACK (the fitting node with the lowest id), SPREAD (round-robin over the fitting nodes) or RANDOM. A
 * client that sends something that is not the protocol is answered {@code 0x1} (unknown opcode, bad body) or
 * dropped (a bad length); the service goes on. One thread per client; the state is guarded by this object.
 */
public final class ReferenceScheduler implements AutoCloseable {

  public enum Policy {
    LEAST_PLACED, PACK, SPREAD, RANDOM;

    /** {@code least-placed}, {@code pack}, ... as the command line spells it. */
    public String cliName() {
      return name().toLowerCase().replace('_', '-');
    }

    public static Policy parse(String text) {
      for (Policy p : values()) {
        if (p.cliName().equalsIgnoreCase(text.trim())) {
          return p;
        }
      }
      throw new IllegalArgumentException("--policy must be least-placed, pack, spread or random, not '" + text + "'");
    }
  }

  /** At most this many clients at once (a GCS needs one); more are closed at once. */
  static final int MAX_CLIENTS = 64;
  /** A client silent this long is dropped (a GCS reconnects and tells its nodes again). */
  static final int IDLE_TIMEOUT_MS = 10 * 60 * 1000;

  private final Policy policy;
  private final ServerSocket server;
  private final Consumer<String> log;
  private final Map<Long, Map<String, Double>> nodes = new TreeMap<>();
  private final Map<Long, Long> placed = new HashMap<>();
  private final Random random = new Random();
  private final List<Socket> clients = new ArrayList<>();
  private int spreadNext;
  private volatile boolean closed;

  /**
   * Binds {@code host:port} (port 0: any free one) and starts accepting.
   *
   * @throws IOException when the address cannot be bound (taken, not local)
   */
  public ReferenceScheduler(String host, int port, Policy policy, Consumer<String> log) throws IOException {
    this.policy = policy;
    this.log = log;
    this.server = new ServerSocket();
    try {
      server.bind(new InetSocketAddress(InetAddress.getByName(host), port));
    } catch (IOException e) {
      server.close();
      throw e;
    }
    Thread acceptor = new Thread(this::accept, "external-scheduler-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = server.accept();
        client.setTcpNoDelay(true);
        client.setSoTimeout(IDLE_TIMEOUT_MS);
        synchronized (clients) {
          if (clients.size() >= MAX_CLIENTS) {
            log.accept("refusing client " + client.getRemoteSocketAddress() + ": " + MAX_CLIENTS + " already connected");
            client.close();
            continue;
          }
          clients.add(client);
        }
        Thread t = new Thread(() -> serve(client), "external-scheduler-client");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        if (!closed) {
          log.accept("accept failed: " + e.getMessage());
        }
      }
    }
  }

  private void serve(Socket client) {
    String peer = client.getRemoteSocketAddress().toString();
    log.accept("client connected: " + peer);
    try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
      byte[] message;
      while ((message = SchedulerWire.readFrame(in)) != null) {
        SchedulerWire.writeFrame(out, answer(message));
      }
    } catch (SchedulerWire.WireException e) {
      log.accept("dropping client " + peer + ": " + e.getMessage());
    } catch (IOException e) {
      if (!closed) {
        log.accept("client " + peer + " gone: " + e.getMessage());
      }
    } finally {
      synchronized (clients) {
        clients.remove(client);
      }
    }
    log.accept("client closed: " + peer);
  }

  /** The reply to one request; a request that is not the protocol is answered {@code 0x1}, as the seed does. */
  byte[] answer(byte[] message) {
    SchedulerWire.Request request;
    try {
      request = SchedulerWire.decodeRequest(message);
    } catch (SchedulerWire.WireException e) {
      log.accept("refused a request: " + e.getMessage());
      return SchedulerWire.status(false);
    }
    if (request instanceof SchedulerWire.AddNode add) {
      synchronized (this) {
        nodes.put(add.nodeId(), add.resources());
      }
      return SchedulerWire.status(true);
    }
    if (request instanceof SchedulerWire.RemoveNode remove) {
      synchronized (this) {
        return SchedulerWire.status(nodes.remove(remove.nodeId()) != null);
      }
    }
    OptionalLong node = pick(((SchedulerWire.Schedule) request).resources());
    return node.isPresent() ? SchedulerWire.placed(node.getAsLong()) : SchedulerWire.status(false);
  }

  /** The node for a request, by the policy, among those whose last announced resources fit it. */
  synchronized OptionalLong pick(Map<String, Double> shape) {
    List<Long> fitting = new ArrayList<>();
    nodes.forEach((id, resources) -> {
      boolean fits = shape.entrySet().stream()
          .allMatch(r -> r.getValue() <= 0 || resources.getOrDefault(r.getKey(), 0.0) >= r.getValue());
      if (fits) {
        fitting.add(id);
      }
    });
    if (fitting.isEmpty()) {
      return OptionalLong.empty();
    }
    long chosen = switch (policy) {
      case PACK -> fitting.get(0);
      case SPREAD -> fitting.get(Math.floorMod(spreadNext++, fitting.size()));
      case RANDOM -> fitting.get(random.nextInt(fitting.size()));
      case LEAST_PLACED -> fitting.stream().min((a, b) -> Long.compare(placed.getOrDefault(a, 0L),
          placed.getOrDefault(b, 0L))).orElseThrow();
    };
    placed.merge(chosen, 1L, Long::sum);
    return OptionalLong.of(chosen);
  }

  /** How many requests it placed on each node (for tests and its log). */
  public synchronized Map<Long, Long> placedCounts() {
    return Map.copyOf(placed);
  }

  public synchronized Map<Long, Map<String, Double>> nodes() {
    return Map.copyOf(nodes);
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    synchronized (clients) {
      for (Socket c : clients) {
        c.close();
      }
    }
  }
}
