package io.jray.cli;

import io.jray.node.NodeSpec;
import io.jray.runtime.gcs.GcsClient;
import io.jray.runtime.rpc.AuthToken;
import io.jray.runtime.rpc.HostPort;
import io.jray.testing.HostProcess;
import io.jray.testing.NetnsHosts;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A jray cluster across {@link NetnsHosts} hosts, started as a user would: the real {@code jray start} run in
 * each host, one random token (JRAY_AUTH_TOKEN) and the same JRAY_* settings for every process. The test JVM
 * reaches the GCS over the hosts' bridge. The processes end with the hosts ({@link NetnsHosts#close()}); closing
 * this closes its GCS clients. Used from the test's thread.
 */
final class NetnsCluster implements AutoCloseable {
  /** A node started in a host: the id {@code jray start} printed, and its temp dir (logs, node file). */
  record Node(NetnsHosts.Host host, String nodeId, Path tempDir) {}

  private final AuthToken token;
  private final Map<String, String> env = new LinkedHashMap<>();
  private final List<GcsClient> clients = new ArrayList<>();
  private HostPort gcsAddress;

  private NetnsCluster(AuthToken token, Map<String, String> settings) {
    this.token = token;
    env.put(AuthToken.ENV_TOKEN, token.value());
    env.putAll(settings);
  }

  /** A cluster with no node yet whose processes all get these JRAY_* environment variables. */
  static NetnsCluster withSettings(Map<String, String> settings) {
    byte[] bits = new byte[32];
    new SecureRandom().nextBytes(bits);
    return new NetnsCluster(AuthToken.of(HexFormat.of().formatHex(bits)), settings);
  }

  /** {@code jray start --head} in the host, listening on its address at the default port. */
  Node startHead(NetnsHosts.Host host, String... options) {
    Node head = start(host, "head", List.of("--head", "--port=" + NodeSpec.DEFAULT_PORT), options);
    gcsAddress = new HostPort(host.ip(), NodeSpec.DEFAULT_PORT);
    return head;
  }

  /** {@code jray start --address=<head>} in the host. */
  Node join(NetnsHosts.Host host, String... options) {
    if (gcsAddress == null) {
      throw new IllegalStateException("start the head first");
    }
    return start(host, "node", List.of("--address=" + gcsAddress), options);
  }

  private Node start(NetnsHosts.Host host, String name, List<String> role, String... options) {
    Path tempDir = host.dir().resolve("jray-" + name);
    List<String> args = new ArrayList<>(List.of("start"));
    args.addAll(role);
    args.addAll(List.of("--node-ip-address=" + host.ip(), "--temp-dir=" + tempDir, "--object-store-memory=256MiB"));
    args.addAll(List.of(options));
    NetnsHosts.Result started = jray(host, args.toArray(String[]::new)).expectSuccess();
    String nodeId = started.out().lines().filter(l -> l.startsWith("Node id: ")).map(l -> l.substring(9).trim())
        .findFirst().orElseThrow(() -> new AssertionError("jray start printed no node id: " + started));
    return new Node(host, nodeId, tempDir);
  }

  /** Runs {@code jray args...} in the host with the cluster's token and settings, to its end. */
  NetnsHosts.Result jray(NetnsHosts.Host host, String... args) {
    return host.run(CliRun.TIMEOUT, env, CliRun.command(args));
  }

  /** Runs a main class of the test classpath in the host (a driver: its first argument is the GCS address). */
  HostProcess spawnDriver(NetnsHosts.Host host, String mainClass, String... args) {
    List<String> driverArgs = new ArrayList<>(List.of(gcsAddress.toString()));
    driverArgs.addAll(List.of(args));
    return host.spawn("driver", env, NetnsHosts.javaCommand(mainClass, driverArgs.toArray(String[]::new)));
  }

  HostPort gcsAddress() {
    return gcsAddress;
  }

  /** A GCS client in the test JVM (outside every host), closed with this. */
  GcsClient gcs() {
    GcsClient client = new GcsClient(gcsAddress, token);
    clients.add(client);
    return client;
  }

  @Override
  public void close() {
    clients.forEach(GcsClient::close);
  }
}
