package io.jray.node;

import io.jray.runtime.process.ProcessRecord;
import java.util.List;

/** Ends processes by recorded pid and start time: SIGTERM, then SIGKILL for any still alive after the grace period. */
public final class ProcessKiller {
  private static final long POLL_MS = 50;

  private ProcessKiller() {}

  /** Returns how many of the processes were alive and are now gone. */
  public static int terminate(List<ProcessRecord> processes, long graceMs) {
    List<ProcessRecord> alive = processes.stream().filter(ProcessRecord::isAlive).toList();
    alive.forEach(p -> p.signal(graceMs <= 0));
    long deadline = System.currentTimeMillis() + Math.max(graceMs, 0);
    while (alive.stream().anyMatch(ProcessRecord::isAlive) && System.currentTimeMillis() < deadline) {
      sleep();
    }
    alive.stream().filter(ProcessRecord::isAlive).forEach(p -> p.signal(true));
    long killDeadline = System.currentTimeMillis() + 5000;
    while (alive.stream().anyMatch(ProcessRecord::isAlive) && System.currentTimeMillis() < killDeadline) {
      sleep();
    }
    return (int) alive.stream().filter(p -> !p.isAlive()).count();
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
