package io.jray.scheduling.external;

import java.io.IOException;
import java.net.BindException;

/** A reference service started again on the port a test's first one had. */
final class SchedulerPorts {
  private SchedulerPorts() {}

  /**
   * Binds {@code port} again, retrying for up to 10 s while it is taken: between the first service's close and this
   * bind, another socket of the machine (an outgoing connection given that ephemeral port) may hold it briefly.
   */
  static ReferenceScheduler listenAgainOn(int port) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      try {
        return new ReferenceScheduler("127.0.0.1", port, ReferenceScheduler.Policy.PACK, line -> {});
      } catch (BindException taken) {
        if (System.nanoTime() > deadline) {
          throw taken;
        }
        Thread.sleep(50);
      }
    }
  }
}
