package io.jray.runtime.driver;

import io.jray.runtime.rpc.AuthToken;
import io.jray.runtime.rpc.HostPort;

/**
 * Starts a single-node cluster for a driver that found none ({@code Ray.init()} / {@code Ray.init("local")}).
 * Implemented by the node daemons' module and found with {@link java.util.ServiceLoader}, since the runtime
 * does not depend on the daemons.
 */
public interface LocalClusterStarter {
  /** A running local cluster; {@link #close()} stops it. */
  interface LocalCluster extends AutoCloseable {
    HostPort gcsAddress();

    @Override
    void close();
  }

  /** Starts the cluster; it also ends (through its reaper) when the process {@code ownerPid} dies. */
  LocalCluster start(AuthToken token, long ownerPid) throws Exception;
}
