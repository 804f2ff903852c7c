package io.jray.testing;

import io.jray.api.Ray;
import io.jray.node.NodeLauncher;
import io.jray.node.NodeSpec;
import io.jray.node.NodeStartException;
import io.jray.node.NodeStopper;
import io.jray.runtime.rpc.AuthToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** What {@link JrayCluster} does: starts the class's cluster before its tests and stops it after them. */
public final class JrayClusterExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(JrayCluster.class);

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    JrayCluster wanted = context.getRequiredTestClass().getAnnotation(JrayCluster.class);
    if (wanted.localMode()) {
      // No process: tasks and actors run on threads of this JVM (jray.run-mode=LOCAL), for fast unit tests.
      String before = System.getProperty("jray.run-mode");
      System.setProperty("jray.run-mode", "LOCAL");
      try {
        Ray.init();
      } finally {
        if (before == null) {
          System.clearProperty("jray.run-mode");
        } else {
          System.setProperty("jray.run-mode", before);
        }
      }
      context.getStore(NAMESPACE).put(Started.class, new Started(null, List.of()));
      context.getStore(NAMESPACE).get(Started.class, Started.class).connected = true;
      return;
    }
    if (wanted.nodes() < 1) {
      throw new ExtensionConfigurationException("@JrayCluster(nodes = " + wanted.nodes() + ") needs at least 1 node.");
    }
    Path tempDir = Files.createTempDirectory("jray-testing-");
    AuthToken token = AuthToken.findOrCreate();
    List<NodeLauncher.StartedNode> started = new ArrayList<>();
    Started cluster = new Started(tempDir, started);
    context.getStore(NAMESPACE).put(Started.class, cluster);
    long owner = ProcessHandle.current().pid();
    NodeLauncher launcher = new NodeLauncher(line -> {});
    try {
      NodeLauncher.StartedNode head = launcher.start(NodeSpec.head(tempDir.resolve("head"), freePort())
          .withNodeIp("127.0.0.1").withNumCpus(wanted.cpusPerNode()).withObjectStoreMemory(wanted.objectStoreBytes())
          .withOwnerPid(owner), token);
      started.add(head);
      for (int i = 1; i < wanted.nodes(); i++) {
        started.add(launcher.start(NodeSpec.worker(tempDir.resolve("node-" + i), head.gcsAddress())
            .withNumCpus(wanted.cpusPerNode()).withObjectStoreMemory(wanted.objectStoreBytes()).withOwnerPid(owner),
            token));
      }
    } catch (NodeStartException e) {
      throw new ExtensionConfigurationException("@JrayCluster could not start its cluster: " + e.getMessage(), e);
    }
    Ray.init(started.get(0).gcsAddress().toString());
    cluster.connected = true;
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    Started cluster = context.getStore(NAMESPACE).remove(Started.class, Started.class);
    if (cluster != null) {
      cluster.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == JrayTestCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Started cluster = context.getStore(NAMESPACE).get(Started.class, Started.class);
    if (cluster.tempDir == null) {
      throw new ExtensionConfigurationException("@JrayCluster(localMode = true) has no cluster to describe: a test"
          + " in local mode takes no JrayTestCluster parameter.");
    }
    return new JrayTestCluster(cluster.nodes.get(0).gcsAddress().toString(), cluster.tempDir,
        cluster.nodes.stream().map(n -> n.nodeFile().nodeId()).toList());
  }

  /** The started nodes, stopped in reverse (the head last), and their temp dir removed. */
  private static final class Started {
    final Path tempDir;
    final List<NodeLauncher.StartedNode> nodes;
    boolean connected;

    Started(Path tempDir, List<NodeLauncher.StartedNode> nodes) {
      this.tempDir = tempDir;
      this.nodes = nodes;
    }

    void close() throws IOException {
      try {
        if (connected) {
          Ray.shutdown();
        }
      } finally {
        for (int i = nodes.size() - 1; i >= 0; i--) {
          NodeLauncher.StartedNode node = nodes.get(i);
          NodeStopper.stopNode(node.nodeFilePath(), node.layout().tempDir(), false, 10_000);
        }
        if (tempDir == null) {
          return; // local mode: nothing was started
        }
        try (Stream<Path> files = Files.walk(tempDir)) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
