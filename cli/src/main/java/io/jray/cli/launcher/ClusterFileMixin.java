package io.jray.cli.launcher;

import io.jray.cli.CliException;
import io.jray.cli.ExitCodes;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The cluster file every cluster command takes first, and {@code --accept-new-host-keys}. Loads and validates the
 * file, picks the host a command runs on, and opens the SSH connection to it.
 */
public final class ClusterFileMixin {
  @Parameters(index = "0", paramLabel = "CLUSTER.YAML", description = "The cluster file (examples in cluster-configs/).")
  Path file;

  @Option(names = "--accept-new-host-keys",
      description = "Trust a host whose SSH key is not in known_hosts yet and add its key there (a changed key is always refused).")
  boolean acceptNewHostKeys;

  private ClusterConfig config;

  ClusterConfig config() {
    if (config == null) {
      config = ClusterConfigLoader.load(file);
    }
    return config;
  }

  /** The file as the user typed it, for the next steps a command prints. */
  String typed() {
    return file.toString();
  }

  /** The head, or {@code nodeIp} when it is one of the cluster's hosts (a usage error otherwise). */
  String host(String nodeIp) {
    if (nodeIp == null) {
      return config().provider().headIp();
    }
    Set<String> hosts = new LinkedHashSet<>(config().allHosts());
    hosts.addAll(ClusterState.load(config()).workers().keySet());
    if (!hosts.contains(nodeIp)) {
      throw new CliException(nodeIp + " is not a host of cluster '" + config().clusterName() + "' (its hosts: "
          + String.join(", ", hosts) + ").", ExitCodes.USAGE, null);
    }
    return nodeIp;
  }

  /** The GCS address 'jray up' recorded for the head, or null when the cluster is not up. */
  String headAddress() {
    ClusterState.Head head = ClusterState.load(config()).head();
    return head == null ? null : head.address();
  }

  SshSession connect(String host) {
    return SshSession.open(host, config(), acceptNewHostKeys);
  }
}
