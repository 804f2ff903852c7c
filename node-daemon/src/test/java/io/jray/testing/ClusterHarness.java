package io.jray.testing;

import io.jray.node.DaemonKind;
import io.jray.node.NodeLauncher;
import io.jray.node.NodeSpec;
import io.jray.node.NodeStartException;
import io.jray.node.NodeStopper;
import io.jray.objectstore.SharedMemoryDir;
import io.jray.runtime.gcs.GcsClient;
import io.jray.runtime.rpc.AuthToken;
import io.jray.runtime.rpc.HostPort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A real cluster of real processes on this host for one test (owned by the test JVM: if it is killed, the
 * nodes' reapers end them): a head and any number of nodes, each with its
 * own temp dir (under {@link TestProcesses#root()}), random free ports and a fresh token. {@link #close()}
 * stops everything and fails if anything is left, so use it in try-with-resources.
 */
public final class ClusterHarness implements AutoCloseable {
  private final Path dir;
  private final AuthToken token;
  private final List<NodeLauncher.StartedNode> nodes = new ArrayList<>();
  private final List<GcsClient> clients = new ArrayList<>();
  private HostPort gcsAddress;
  private NodeLauncher.DashboardOptions dashboard;

  private ClusterHarness(Path dir, AuthToken token) {
    this.dir = dir;
    this.token = token;
  }

  /** A harness with no node yet; call {@link #startHead} first. */
  public static ClusterHarness create() {
    try {
      Path dir = Files.createTempDirectory(TestProcesses.root(), "cluster-");
      // The token drivers in this JVM find too (the build points JRAY_AUTH_TOKEN_FILE into target/).
      return new ClusterHarness(dir, AuthToken.findOrCreate());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Makes the head started next serve the dashboard, on a free port of 127.0.0.1. */
  public ClusterHarness withDashboard() {
    dashboard = new NodeLauncher.DashboardOptions("127.0.0.1", 0);
    return this;
  }

  /** A started head with {@code cpus} CPUs. */
  public static ClusterHarness withHead(double cpus) throws NodeStartException {
    ClusterHarness harness = create();
    try {
      harness.startHead(spec -> spec.withNumCpus(cpus));
      return harness;
    } catch (NodeStartException | RuntimeException e) {
      harness.close();
      throw e;
    }
  }

  public NodeLauncher.StartedNode startHead(UnaryOperator<NodeSpec> customize) throws NodeStartException {
    NodeSpec spec = customize.apply(NodeSpec.head(newTempDir("head"), freePort())
        .withNodeIp("127.0.0.1").withObjectStoreMemory(256L << 20).withOwnerPid(ProcessHandle.current().pid()));
    NodeLauncher.StartedNode head = start(spec);
    gcsAddress = head.gcsAddress();
    return head;
  }

  public NodeLauncher.StartedNode addNode(UnaryOperator<NodeSpec> customize) throws NodeStartException {
    NodeSpec spec = customize.apply(NodeSpec.worker(newTempDir("node"), gcsAddress)
        .withObjectStoreMemory(256L << 20).withOwnerPid(ProcessHandle.current().pid()));
    return start(spec);
  }

  private NodeLauncher.StartedNode start(NodeSpec spec) throws NodeStartException {
    NodeLauncher.StartedNode node = new NodeLauncher(line -> {}, spec.head() ? dashboard : null).start(spec, token);
    nodes.add(node);
    return node;
  }

  public Path newTempDir(String prefix) {
    try {
      return Files.createTempDirectory(dir, prefix + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public AuthToken token() {
    return token;
  }

  public HostPort gcsAddress() {
    return gcsAddress;
  }

  public List<NodeLauncher.StartedNode> nodes() {
    return List.copyOf(nodes);
  }

  /** A GCS client with the cluster's token, closed with the harness. */
  public GcsClient gcs() {
    GcsClient client = new GcsClient(gcsAddress, token);
    clients.add(client);
    return client;
  }

  /** Kills the node's raylet with SIGKILL, as a crash would end it; the GCS then finds the node dead. */
  public static void killRaylet(NodeLauncher.StartedNode node) throws IOException, InterruptedException {
    long pid = node.nodeFile().processes().stream().filter(d -> d.daemonKind() == DaemonKind.RAYLET)
        .findFirst().orElseThrow().pid();
    new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
  }

  public static int freePort() {
    // Below the kernel's ephemeral range: a port from there (what ServerSocket(0) gives) can be taken by any
    // outgoing connection's local end between this check and the daemon's bind.
    int below = ephemeralLow();
    java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = random.nextInt(Math.max(1025, below - 12_000), below);
      try (ServerSocket socket = new ServerSocket(port)) {
        return socket.getLocalPort();
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IllegalStateException("no free port found below " + below);
  }

  private static int ephemeralLow() {
    try {
      // readAllLines, not readString: a /proc file reports no size, and readString then reads too little.
      String range = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
          .get(0);
      int low = Integer.parseInt(range.trim().split("\\s+")[0]);
      return low > 2048 ? low : 32768;
    } catch (IOException | RuntimeException e) {
      return 32768; // Linux's default
    }
  }

  /** Stops every node (SIGKILL, the test is over), removes shared memory, and fails if a process remains. */
  @Override
  public void close() {
    clients.forEach(GcsClient::close);
    for (NodeLauncher.StartedNode node : nodes) {
      try {
        NodeStopper.stopNode(node.nodeFilePath(), node.layout().tempDir(), true, 0);
      } catch (IOException e) {
        // keep stopping the others
      }
      SharedMemoryDir.deleteTree(Path.of(node.nodeFile().shmDir()));
    }
    String marker = dir.toString();
    try {
      Await.until("no process of " + marker + " is left", Duration.ofSeconds(20),
          () -> TestProcesses.leftRunning().stream().noneMatch(p -> p.contains(marker)));
    } catch (AssertionError timedOut) {
      // Never leave a process behind, even when stopping failed: end what this cluster started (its command line
      // names this cluster's own fresh dir; an orphaned worker is no longer our descendant), then report the bug
      // naming what was left (its command line says which daemon or worker outlived its node).
      List<String> left = TestProcesses.leftRunning().stream().filter(p -> p.contains(marker)).toList();
      left.forEach(p -> ProcessHandle.of(Long.parseLong(p.substring(0, p.indexOf(' '))))
          .ifPresent(ProcessHandle::destroyForcibly));
      throw new AssertionError(timedOut.getMessage() + "; left: " + left, timedOut);
    }
  }
}
