package io.jray.node;

import io.jray.runtime.cluster.ClusterAddress;
import io.jray.runtime.driver.LocalClusterStarter;
import io.jray.runtime.rpc.AuthToken;
import io.jray.runtime.rpc.HostPort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;

/**
 * Starts the single-node cluster of a driver that found none ({@code Ray.init()}): a head on 127.0.0.1 at a
 * free port, in its own temp dir ({@code <temp-dir>/driver-<pid>}), owned by the driver so that its reaper
 * ends it if the driver dies, even by kill -9.
 */
public final class LocalClusterLauncher implements LocalClusterStarter {

  @Override
  public LocalCluster start(AuthToken token, long ownerPid) throws NodeStartException {
    Path tempDir;
    try {
      tempDir = ClusterAddress.ensureTempDir(ClusterAddress.defaultTempDir()).resolve("driver-" + ownerPid);
    } catch (IOException e) {
      throw new NodeStartException("Cannot create the temp dir " + ClusterAddress.defaultTempDir() + " ("
          + e.getMessage() + "); set " + ClusterAddress.ENV_TMPDIR + " to a writable folder.", e);
    }
    NodeSpec spec = NodeSpec.head(tempDir, freePort()).withNodeIp("127.0.0.1").withOwnerPid(ownerPid);
    NodeLauncher.StartedNode node = new NodeLauncher(line -> {}).start(spec, token);
    return new LocalCluster() {
      @Override
      public HostPort gcsAddress() {
        return node.gcsAddress();
      }

      @Override
      public void close() {
        try {
          NodeStopper.stopNode(node.nodeFilePath(), tempDir, false, 5000);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
