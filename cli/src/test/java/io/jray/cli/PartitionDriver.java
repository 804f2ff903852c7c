package io.jray.cli;

import io.jray.api.ActorHandle;
import io.jray.api.Ray;
import io.jray.runtime.Counter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The driver of {@link PartitionFencingTest}, run in a host: {@code PartitionDriver <gcs address>} creates an
 * actor that may restart once and needs "special" (so it runs on a node other than the head), then prints
 * {@code actor node=<id> pid=<worker pid> restarted=<true|false>} at once and again for each {@code ask} line on
 * stdin (or {@code error <what>} if the call fails), until stdin ends.
 */
public final class PartitionDriver {
  private static final long CALL_TIMEOUT_MS = 60_000;

  private PartitionDriver() {}

  public static void main(String[] args) throws IOException {
    Ray.init(args[0]);
    try {
      ActorHandle<Counter> counter = Ray.actor(Counter::new, 0).setResource("special", 1.0).setMaxRestarts(1).remote();
      report(counter);
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

  private static void report(ActorHandle<Counter> counter) {
    try {
      String node = counter.task(Counter::nodeId).remote().get(CALL_TIMEOUT_MS);
      long pid = counter.task(Counter::pid).remote().get(CALL_TIMEOUT_MS);
      boolean restarted = counter.task(Counter::wasRestarted).remote().get(CALL_TIMEOUT_MS);
      System.out.println("actor node=" + node + " pid=" + pid + " restarted=" + restarted);
    } catch (RuntimeException e) {
      System.out.println("error " + e.toString().replace('\n', ' '));
    }
    System.out.flush();
  }
}
