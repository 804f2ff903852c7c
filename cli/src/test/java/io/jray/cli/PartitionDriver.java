package io.jray.cli;

import io.jray.api.ActorHandle;
import io.jray.api.ObjectRef;
import io.jray.api.Ray;
import io.jray.api.id.NodeId;
import io.jray.api.scheduling.SchedulingStrategies;
import io.jray.runtime.Counter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The driver of {@link PartitionFencingTest}, run in a host: {@code PartitionDriver <gcs address>} creates an
 * actor that may restart once and needs "special" (so it runs on a node other than the head), then prints
 * {@code actor node=<id> pid=<worker pid> restarted=<true|false>} at once and again for each {@code ask} line on
 * stdin (or {@code error <what>} if the call fails), until stdin ends. It also starts a task that sleeps
 * {@link #TASK_SLEEP_MS} on the actor's node (soft affinity, retried), and prints {@code task node=<id>} with the
 * node where it finished (or {@code task error <what>}).
 */
public final class PartitionDriver {
  private static final long CALL_TIMEOUT_MS = 60_000;
  static final long TASK_SLEEP_MS = 15_000;

  private PartitionDriver() {}

  public static void main(String[] args) throws IOException {
    Ray.init(args[0]);
    try {
      ActorHandle<Counter> counter = Ray.actor(Counter::new, 0).setResource("special", 1.0).setMaxRestarts(1).remote();
      String node = report(counter);
      if (node != null) {
        ObjectRef<String> task = Ray.task(PartitionDriver::sleepThenNodeId)
            .setSchedulingStrategy(SchedulingStrategies.nodeAffinity(NodeId.fromHex(node), true)).setMaxRetries(3)
            .remote();
        Thread waiter = new Thread(() -> {
          try {
            System.out.println("task node=" + task.get(4 * CALL_TIMEOUT_MS));
          } catch (RuntimeException e) {
            System.out.println("task error " + e.toString().replace('\n', ' '));
          }
          System.out.flush();
        }, "task-waiter");
        waiter.setDaemon(true);
        waiter.start();
      }
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.equals("ask")) {
          report(counter);
        }
      }
    } finally {
      Ray.shutdown();
    }
  }

  static String sleepThenNodeId() throws InterruptedException {
    Thread.sleep(TASK_SLEEP_MS);
    return Ray.getRuntimeContext().getCurrentNodeId().toHex();
  }

  /** Prints where the actor answered from; returns its node, or null when the call failed. */
  private static String report(ActorHandle<Counter> counter) {
    try {
      String node = counter.task(Counter::nodeId).remote().get(CALL_TIMEOUT_MS);
      long pid = counter.task(Counter::pid).remote().get(CALL_TIMEOUT_MS);
      boolean restarted = counter.task(Counter::wasRestarted).remote().get(CALL_TIMEOUT_MS);
      System.out.println("actor node=" + node + " pid=" + pid + " restarted=" + restarted);
      System.out.flush();
      return node;
    } catch (RuntimeException e) {
      System.out.println("error " + e.toString().replace('\n', ' '));
      System.out.flush();
      return null;
    }
  }
}
