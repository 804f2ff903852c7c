package io.jray.scheduling.external;

import io.jray.runtime.resources.ResourceShapes;
import io.jray.scheduling.PlacementScheduler;
import io.jray.scheduling.SchedulingPolicy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Placement by an external scheduler service over {@link SchedulerWire}: it is told of nodes as they join, change
 * (remove, then add with the available amounts, as the seed's Ray fork does) and leave, and asked where each
 * DEFAULT-strategy placement goes. Whenever it cannot answer (not connected, hung past the deadline, a reply that
 * is not the protocol, nothing fits by its view, a node it names that is not live or can never fit) the built-in
 * policy decides; the connection comes back with backoff, and the scheduler is told every node again then.
 * Node updates go out in order on one thread; picks are made on the callers' threads. Thread-safe.
 */
public final class ExternalScheduler implements PlacementScheduler, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ExternalScheduler.class.getName());

  private final SchedulerConnection connection;
  private final PlacementScheduler builtIn;
  /** Live nodes by wire index: what the scheduler should know of each (available amounts). */
  private final Map<Long, Map<String, Double>> nodes = new ConcurrentHashMap<>();
  private final Map<Long, String> hexByIndex = new ConcurrentHashMap<>();
  private final Set<Long> dirty = ConcurrentHashMap.newKeySet();
  /** Nodes that left while the scheduler could not be told: removed on reconnection (only the updates thread). */
  private final Set<Long> removedUntold = ConcurrentHashMap.newKeySet();
  private final AtomicLong lastBadNameWarningMs = new AtomicLong(Long.MIN_VALUE / 2);
  private final ScheduledExecutorService updates =
      Executors.newSingleThreadScheduledExecutor(io.jray.runtime.process.DaemonThreads.named("external-scheduler"));
  private final AtomicLong decided = new AtomicLong();
  private final AtomicLong fellBack = new AtomicLong();

  public ExternalScheduler(SchedulerConnection connection, PlacementScheduler builtIn, long reconnectTickMs) {
    this.connection = connection;
    this.builtIn = builtIn;
    connection.onConnected(c -> {
      for (Long gone : Set.copyOf(removedUntold)) {
        c.callConnected(SchedulerWire.removeNode(gone), SchedulerWire::decodeStatus);
        removedUntold.remove(gone);
      }
      for (Map.Entry<Long, Map<String, Double>> node : Map.copyOf(nodes).entrySet()) {
        c.callConnected(SchedulerWire.removeNode(node.getKey()), SchedulerWire::decodeStatus);
        c.callConnected(SchedulerWire.addNode(node.getKey(), node.getValue()), SchedulerWire::decodeStatus);
      }
      LOG.info("external scheduler at " + connection.address() + " told of " + nodes.size() + " node(s)");
    });
    updates.scheduleWithFixedDelay(connection::maintain, 0, reconnectTickMs, TimeUnit.MILLISECONDS);
  }

  /** A node joined (or the GCS came back knowing it). */
  public void nodeJoined(long index, String hex, Map<String, Double> available) {
    hexByIndex.put(index, hex);
    nodes.put(index, Map.copyOf(available));
    send(index);
  }

  /** A node's available amounts changed (its raylet's report). */
  public void resourcesChanged(long index, Map<String, Double> available) {
    boolean[] changed = {false};
    // computeIfPresent: a node nodeLeft just removed is not put back.
    nodes.computeIfPresent(index, (i, before) -> {
      changed[0] = !before.equals(available);
      return changed[0] ? Map.copyOf(available) : before;
    });
    if (changed[0]) {
      send(index);
    }
  }

  public void nodeLeft(long index) {
    if (nodes.remove(index) != null) {
      hexByIndex.remove(index);
      send(index);
    }
  }

  /** Queues the node's newest state (once, however often it changes meanwhile). */
  private void send(long index) {
    if (dirty.add(index)) {
      updates.execute(() -> flush(index));
    }
  }

  private void flush(long index) {
    dirty.remove(index);
    Map<String, Double> state = nodes.get(index);
    try {
      // Remove + add with the connection held: a pick between them would see the node missing.
      connection.holding(() -> {
        connection.call(SchedulerWire.removeNode(index), SchedulerWire::decodeStatus);
        if (state != null
            && !connection.call(SchedulerWire.addNode(index, state), SchedulerWire::decodeStatus)) {
          LOG.warning("external scheduler refused to add node index " + index);
        }
        return null;
      });
      removedUntold.remove(index);
    } catch (SchedulerConnection.Unavailable down) {
      // Told again on reconnection: live nodes by the replay, those that left by removedUntold.
      if (state == null) {
        removedUntold.add(index);
      }
    } catch (IllegalArgumentException badName) {
      LOG.warning("node index " + index + " cannot be told to the external scheduler: " + badName.getMessage());
    }
  }

  @Override
  public SchedulingPolicy.Decision pick(SchedulingPolicy.Request request, List<SchedulingPolicy.Candidate> nodes,
      String preferred) {
    Optional<SchedulingPolicy.Run> external = pickExternally(request, nodes);
    return external.isPresent() ? external.get() : builtIn.pick(request, nodes, preferred);
  }

  @Override
  public Optional<SchedulingPolicy.Run> pickExternally(SchedulingPolicy.Request request,
      List<SchedulingPolicy.Candidate> candidates) {
    if (request.kind() != SchedulingPolicy.Kind.DEFAULT || !request.selector().isEmpty()) {
      return Optional.empty();
    }
    OptionalLong answer;
    try {
      answer = connection.call(SchedulerWire.schedule(request.shape()), SchedulerWire::decodePlacement);
    } catch (SchedulerConnection.Unavailable down) {
      fellBack.incrementAndGet();
      return Optional.empty();
    } catch (IllegalArgumentException badName) {
      LOG.fine(badName.getMessage());
      return Optional.empty();
    }
    if (answer.isEmpty()) {
      fellBack.incrementAndGet();
      return Optional.empty();
    }
    String hex = hexByIndex.get(answer.getAsLong());
    Optional<SchedulingPolicy.Candidate> node = candidates.stream()
        .filter(n -> n.alive() && n.nodeId().equals(hex)).findFirst();
    if (node.isEmpty() || !ResourceShapes.fits(node.get().total(), request.shape())) {
      String why = "external scheduler named node index " + answer.getAsLong() + " for " + request.shape()
          + ", which is " + (node.isEmpty() ? "not a live node" : "too small for it") + "; the built-in policy decides";
      long now = System.currentTimeMillis();
      long last = lastBadNameWarningMs.get();
      // Once per 10 s: a scheduler with a stale view would otherwise log a line per decision.
      if (now - last >= 10_000 && lastBadNameWarningMs.compareAndSet(last, now)) {
        LOG.warning(why + " (said at most once per 10 s)");
      } else {
        LOG.fine(why);
      }
      fellBack.incrementAndGet();
      return Optional.empty();
    }
    decided.incrementAndGet();
    return Optional.of(new SchedulingPolicy.Run(hex, ResourceShapes.fits(node.get().available(), request.shape())));
  }

  @Override
  public boolean external() {
    return true;
  }

  @Override
  public String describe() {
    return "external at " + connection.address() + (connection.connected() ? " (connected)"
        : " (not connected: " + connection.problem() + "; the built-in policy decides)");
  }

  /** Placements the external scheduler made, and those the built-in policy made in its stead. */
  public long decided() {
    return decided.get();
  }

  public long fellBack() {
    return fellBack.get();
  }

  @Override
  public void close() {
    updates.shutdownNow();
    connection.close();
  }
}
