package io.jray.node.metrics;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The host's use as Linux reports it in /proc (Ray's node_cpu_utilization, node_mem_*, node_disk_*,
 * node_network_*): read when scraped. CPU use is the share of non-idle time since the previous read.
 */
public final class HostStats {
  private final Path disk;
  private long lastBusy = -1;
  private long lastTotal = -1;

  /** @param disk a path on the disk whose use is reported (the node's temp dir) */
  public HostStats(Path disk) {
    this.disk = disk;
  }

  /** Percent of all cores busy since the previous call (0 on the first). */
  public synchronized double cpuPercent() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < f.length; i++) {
        total += Long.parseLong(f[i]);
      }
      long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
      long busy = total - idle;
      double percent = lastTotal < 0 || total == lastTotal ? 0 : 100.0 * (busy - lastBusy) / (total - lastTotal);
      lastBusy = busy;
      lastTotal = total;
      return percent;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** {@code MemTotal} and {@code MemAvailable}, bytes. */
  public long[] memory() {
    long total = 0;
    long available = 0;
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          total = kib(line);
        } else if (line.startsWith("MemAvailable:")) {
          available = kib(line);
        }
      }
    } catch (IOException | RuntimeException e) {
      // report zeros
    }
    return new long[] {total, available};
  }

  /** Total and free bytes of the disk. */
  public long[] diskBytes() {
    try {
      FileStore store = Files.getFileStore(disk);
      return new long[] {store.getTotalSpace(), store.getUsableSpace()};
    } catch (IOException e) {
      return new long[] {0, 0};
    }
  }

  /** Bytes received and sent over every interface but loopback since boot. */
  public long[] networkBytes() {
    long received = 0;
    long sent = 0;
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/net/dev"));
      for (String line : lines.subList(Math.min(2, lines.size()), lines.size())) {
        String[] parts = line.trim().split("[:\\s]+");
        if (parts.length > 9 && !parts[0].equals("lo")) {
          received += Long.parseLong(parts[1]);
          sent += Long.parseLong(parts[9]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // report zeros
    }
    return new long[] {received, sent};
  }

  private static long kib(String line) {
    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
  }
}
