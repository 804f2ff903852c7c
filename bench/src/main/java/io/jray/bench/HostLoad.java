package io.jray.bench;

import java.lang.management.ManagementFactory;

/**
 * The host's CPU count and 1-minute load average at one moment: figures from a shared machine mean little
 * without them.
 */
public record HostLoad(int cpus, double loadAverage) {

  public static HostLoad now() {
    return new HostLoad(Runtime.getRuntime().availableProcessors(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  @Override
  public String toString() {
    return String.format("%d CPUs, load average %.2f", cpus, loadAverage);
  }
}
