package io.jray.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How much memory this node has: the host's ({@code /proc/meminfo}), bounded by the memory limit of the cgroup
 * the process runs in (a container's or a pod's limit: cgroup v2 {@code memory.max}, or v1
 * {@code memory.limit_in_bytes}), so a node in a pod limited to 4 GiB of a 64 GiB host sizes itself from 4 GiB.
 * Read from a root folder, so a test can give it the files of a container.
 */
public final class HostMemory {
  private static final long UNLIMITED = Long.MAX_VALUE;
  /** cgroup v1 writes a huge page-aligned number for "no limit". */
  private static final long V1_NO_LIMIT = 1L << 60;
  private final Path root;

  HostMemory(Path root) {
    this.root = root;
  }

  /** This process's view. */
  public static HostMemory system() {
    return new HostMemory(Path.of("/"));
  }

  /** The memory the node may use at most: the host's total, or the cgroup limit when that is lower. */
  public long totalBytes() {
    return Math.min(positiveOr(meminfo("MemTotal"), UNLIMITED), limit());
  }

  /** The memory free for use now: the host's available memory, or what the cgroup limit leaves, if less. */
  public long availableBytes() {
    long host = meminfo("MemAvailable");
    long limit = limit();
    if (limit == UNLIMITED) {
      return host;
    }
    long left = Math.max(0, limit - usage());
    return host > 0 ? Math.min(host, left) : left;
  }

  /** The cgroup's memory limit in bytes, or {@link #UNLIMITED}. */
  long limit() {
    String v2 = read(cgroupV2().resolve("memory.max"));
    if (v2 != null) {
      return v2.equals("max") ? UNLIMITED : positiveOr(parse(v2), UNLIMITED);
    }
    long v1 = parse(read(root.resolve("sys/fs/cgroup/memory/memory.limit_in_bytes")));
    return v1 <= 0 || v1 >= V1_NO_LIMIT ? UNLIMITED : v1;
  }

  private long usage() {
    String v2 = read(cgroupV2().resolve("memory.current"));
    if (v2 != null) {
      return Math.max(0, parse(v2));
    }
    return Math.max(0, parse(read(root.resolve("sys/fs/cgroup/memory/memory.usage_in_bytes"))));
  }

  /**
   * The cgroup v2 folder of this process: {@code /sys/fs/cgroup} plus the path {@code /proc/self/cgroup} names
   * (a container sees its own cgroup as "/"), when that folder has a memory.max; else the mount's root.
   */
  private Path cgroupV2() {
    Path mount = root.resolve("sys/fs/cgroup");
    String self = read(root.resolve("proc/self/cgroup"));
    if (self != null) {
      for (String line : self.split("\n")) {
        if (line.startsWith("0::")) {
          String relative = line.substring(3).replaceFirst("^/", "");
          Path own = mount.resolve(relative);
          if (!relative.isEmpty() && Files.isRegularFile(own.resolve("memory.max"))) {
            return own;
          }
        }
      }
    }
    return mount;
  }

  /** A /proc/meminfo field in bytes (0 when unreadable). */
  long meminfo(String field) {
    String text = read(root.resolve("proc/meminfo"));
    if (text == null) {
      return 0;
    }
    for (String line : text.split("\n")) {
      if (line.startsWith(field + ":")) {
        return parse(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return 0;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file).trim();
    } catch (IOException | SecurityException e) {
      return null;
    }
  }

  private static long parse(String value) {
    if (value == null) {
      return -1;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static long positiveOr(long value, long otherwise) {
    return value > 0 ? value : otherwise;
  }
}
