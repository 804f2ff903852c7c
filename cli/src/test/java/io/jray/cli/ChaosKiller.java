package io.jray.cli;

import io.jray.node.DaemonKind;
import io.jray.node.NodeFile;
import io.jray.node.NodeLauncher;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Picks the chaos suite's victims from a seed and kills them with SIGKILL: a worker (any node's), a non-head
 * node's raylet or object store (either ends its node: its reaper ends the rest), a whole non-head node (all of
 * its daemons and workers at once), and the head's GCS (restarted by the head's reaper over its durable storage).
 * The head's raylet and object store are spared: the driver lives there. What was killed, when, goes to the log.
 */
final class ChaosKiller {
  enum Kind { WORKER, RAYLET, OBJECT_STORE, WHOLE_NODE, GCS }

  private final Random random;
  private final NodeLauncher.StartedNode head;
  private final List<NodeLauncher.StartedNode> alive;
  private final List<NodeLauncher.StartedNode> killed = new ArrayList<>();
  private final List<String> log = new ArrayList<>();
  private final long startNanos = System.nanoTime();

  ChaosKiller(long seed, NodeLauncher.StartedNode head, List<NodeLauncher.StartedNode> others) {
    this.random = new Random(seed);
    this.head = head;
    this.alive = new ArrayList<>(others);
  }

  /**
   * The kinds of {@code count} kills in the order they come: one node-level kill per non-head node (the first a
   * raylet or an object store, drawn; the last a whole node), the GCS once (twice in long runs), workers for the rest.
   */
  List<Kind> plan(int count) {
    List<Kind> kinds = new ArrayList<>();
    for (int i = 0; i < alive.size(); i++) {
      kinds.add(i == alive.size() - 1 ? Kind.WHOLE_NODE : random.nextBoolean() ? Kind.RAYLET : Kind.OBJECT_STORE);
    }
    kinds.add(Kind.GCS);
    if (count >= 20) {
      kinds.add(Kind.GCS);
    }
    while (kinds.size() < count) {
      kinds.add(Kind.WORKER);
    }
    Collections.shuffle(kinds, random);
    // The whole-node kill comes after the other node-level one, so each kind happens whatever the shuffle.
    int whole = kinds.indexOf(Kind.WHOLE_NODE);
    int other = Math.max(kinds.indexOf(Kind.RAYLET), kinds.indexOf(Kind.OBJECT_STORE));
    if (other > whole) {
      Collections.swap(kinds, whole, other);
    }
    // Two GCS kills in a row would hit a GCS still starting: a worker kill goes between them.
    for (int i = 1; i < kinds.size(); i++) {
      if (kinds.get(i) == Kind.GCS && kinds.get(i - 1) == Kind.GCS) {
        int w = kinds.indexOf(Kind.WORKER);
        if (w >= 0) {
          Collections.swap(kinds, i, w);
        }
      }
    }
    return kinds;
  }

  /** Waits this long before the next kill (a few seconds, drawn). */
  long nextPauseMs(long minMs, long maxMs) {
    return minMs + (long) (random.nextDouble() * (maxMs - minMs));
  }

  /** Kills one victim of this kind (a worker if none is left of it); returns what it killed, as logged. */
  String kill(Kind kind) throws IOException, InterruptedException {
    String what;
    if ((kind == Kind.RAYLET || kind == Kind.OBJECT_STORE || kind == Kind.WHOLE_NODE) && alive.isEmpty()) {
      kind = Kind.WORKER;
    }
    switch (kind) {
      case GCS -> {
        long pid = daemonPid(head, DaemonKind.GCS);
        signal(pid);
        what = "GCS pid=" + pid;
      }
      case RAYLET, OBJECT_STORE -> {
        NodeLauncher.StartedNode node = alive.remove(random.nextInt(alive.size()));
        killed.add(node);
        long pid = daemonPid(node, kind == Kind.RAYLET ? DaemonKind.RAYLET : DaemonKind.OBJECT_STORE);
        signal(pid);
        what = kind.name().toLowerCase(java.util.Locale.ROOT) + " pid=" + pid + " of node " + id(node);
      }
      case WHOLE_NODE -> {
        NodeLauncher.StartedNode node = alive.remove(random.nextInt(alive.size()));
        killed.add(node);
        List<Long> pids = new ArrayList<>(workersOf(id(node)));
        pids.add(daemonPid(node, DaemonKind.RAYLET));
        pids.add(daemonPid(node, DaemonKind.OBJECT_STORE));
        for (long pid : pids) {
          signal(pid);
        }
        what = "whole node " + id(node) + " pids=" + pids;
      }
      default -> {
        List<String> nodes = new ArrayList<>();
        nodes.add(id(head));
        alive.forEach(n -> nodes.add(id(n)));
        List<Long> workers = new ArrayList<>();
        nodes.forEach(n -> workers.addAll(workersOf(n)));
        if (workers.isEmpty()) {
          what = "worker: none running";
        } else {
          long pid = workers.get(random.nextInt(workers.size()));
          signal(pid);
          what = "worker pid=" + pid;
        }
      }
    }
    String line = String.format("%6.1f s  %-12s %s", (System.nanoTime() - startNanos) / 1e9, kind, what);
    synchronized (log) {
      log.add(line);
    }
    System.out.println("chaos kill: " + line);
    return line;
  }

  List<String> log() {
    synchronized (log) {
      return List.copyOf(log);
    }
  }

  /** The non-head nodes killed, in order. */
  List<NodeLauncher.StartedNode> killedNodes() {
    return List.copyOf(killed);
  }

  static String id(NodeLauncher.StartedNode node) {
    return node.nodeFile().nodeId();
  }

  /** The worker processes of the node with this id (hex), sorted by pid. */
  static List<Long> workersOf(String nodeId) {
    // From /proc: ProcessHandle.Info's command line comes back empty for command lines as long as a worker's.
    return ProcessHandle.allProcesses().filter(p -> {
      try {
        String cmd = new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc", Long.toString(p.pid()),
            "cmdline")), java.nio.charset.StandardCharsets.UTF_8);
        return cmd.contains("io.jray.runtime.WorkerMain") && cmd.contains("--node-id=" + nodeId);
      } catch (IOException | RuntimeException gone) {
        return false;
      }
    }).map(ProcessHandle::pid).sorted().toList();
  }

  /** The daemon's pid as the node file says now (a restarted GCS has a new one). */
  private static long daemonPid(NodeLauncher.StartedNode node, DaemonKind kind) throws IOException {
    Optional<NodeFile.Daemon> daemon = NodeFile.read(node.nodeFilePath()).processes().stream()
        .filter(d -> d.daemonKind() == kind).findFirst();
    return daemon.orElseThrow(() -> new IOException("no " + kind + " in " + node.nodeFilePath())).pid();
  }

  private static void signal(long pid) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-9", Long.toString(pid)).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
  }
}
