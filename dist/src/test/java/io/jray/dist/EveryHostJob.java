package io.jray.dist;

import io.jray.api.ObjectRef;
import io.jray.api.Ray;
import io.jray.api.runtimecontext.NodeInfo;
import io.jray.api.scheduling.SchedulingStrategies;
import java.util.List;

/**
 * The job {@link MultiHostIT} submits to a cluster of separate hosts: one task pinned to each live node prints
 * where it ran, and a 50 MB value made by a task on one host is read by a task on another (it travels between
 * their object stores). Prints {@code ran on <ip>} per node and {@code moved <bytes> bytes from <ip> to <ip> sum
 * <sum>}.
 */
public final class EveryHostJob {
  static final int BYTES = 50 << 20;

  private EveryHostJob() {}

  static String here() {
    String self = Ray.getRuntimeContext().getCurrentNodeId().toString();
    return Ray.getRuntimeContext().getAllNodeInfo().stream().filter(n -> n.nodeId.toString().equals(self))
        .map(n -> n.nodeAddress).findFirst().orElse("?");
  }

  static byte[] make() {
    byte[] data = new byte[BYTES];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31 + 7);
    }
    return data;
  }

  static String read(byte[] data) {
    long sum = 0;
    for (byte b : data) {
      sum += b & 0xff;
    }
    return data.length + " " + sum + " " + here();
  }

  public static void main(String[] args) {
    Ray.init();
    List<NodeInfo> nodes = Ray.getRuntimeContext().getAllNodeInfo().stream().filter(n -> n.isAlive).toList();
    for (NodeInfo node : nodes) {
      String ran = Ray.task(EveryHostJob::here)
          .setSchedulingStrategy(SchedulingStrategies.nodeAffinity(node.nodeId, false)).remote().get(120_000);
      System.out.println("ran on " + ran);
    }
    NodeInfo from = nodes.get(nodes.size() - 2);
    NodeInfo to = nodes.get(nodes.size() - 1);
    ObjectRef<byte[]> made = Ray.task(EveryHostJob::make)
        .setSchedulingStrategy(SchedulingStrategies.nodeAffinity(from.nodeId, false)).remote();
    String[] read = Ray.task(EveryHostJob::read, made)
        .setSchedulingStrategy(SchedulingStrategies.nodeAffinity(to.nodeId, false)).remote().get(120_000).split(" ");
    System.out.println("moved " + read[0] + " bytes from " + from.nodeAddress + " to " + read[2] + " sum " + read[1]);
    Ray.shutdown();
  }
}
