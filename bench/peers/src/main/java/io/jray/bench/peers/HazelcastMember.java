package io.jray.bench.peers;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.util.concurrent.CountDownLatch;

/**
 * The member JVM of the Hazelcast peer: a cluster of one, named by its only argument (so no other cluster on
 * this machine can join it, nor it them), listening on 127.0.0.1 only, on a port the system picks. Stops on
 * SIGTERM (Hazelcast's own shutdown hook) or when its parent exits. {@code java ... HazelcastMember <cluster>}.
 */
public final class HazelcastMember {
  private HazelcastMember() {}

  public static void main(String[] args) throws InterruptedException {
    ChildSide.exitWithParent();
    HazelcastOptions.quietLogging();
    HazelcastInstance member = Hazelcast.newHazelcastInstance(config(args[0]));
    ChildSide.announcePort(member.getCluster().getLocalMember().getAddress().getPort());
    new CountDownLatch(1).await(); // serves until stopped
  }

  static Config config(String clusterName) {
    Config config = new Config().setClusterName(clusterName);
    HazelcastOptions.PROPERTIES.forEach(config::setProperty);
    config.setProperty("hazelcast.socket.bind.any", "false"); // only the interface below, not 0.0.0.0
    config.getSerializationConfig().addDataSerializableFactory(HazelcastOptions.FACTORY_ID, HazelcastOptions.FACTORY);
    // A thread per core, as jray runs a worker per CPU: Hazelcast's default 16 only contend on 2 cores (in one
    // try here, batches of tasks ran at 1,700/s with 16 threads and 3,050/s with 2).
    config.getExecutorConfig(HazelcastOptions.EXECUTOR).setPoolSize(Runtime.getRuntime().availableProcessors());
    NetworkConfig network = config.getNetworkConfig().setPort(0).setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    return config;
  }
}
