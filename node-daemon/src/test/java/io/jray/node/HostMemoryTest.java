package io.jray.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node sizes itself from its container's memory limit, not from the host's RAM. */
class HostMemoryTest {
  private static final long GIB = 1L << 30;

  private static Path host(Path root, long totalKib, long availableKib) throws Exception {
    Files.createDirectories(root.resolve("proc/self"));
    Files.writeString(root.resolve("proc/meminfo"), "MemTotal:       " + totalKib + " kB\n"
        + "MemFree:        1000 kB\nMemAvailable:   " + availableKib + " kB\n");
    return root;
  }

  @Test
  void aCgroupV2LimitBoundsTotalAndAvailableMemory(@TempDir Path root) throws Exception {
    host(root, 24L * 1024 * 1024, 20L * 1024 * 1024); // a 24 GiB host with 20 GiB available
    Files.writeString(root.resolve("proc/self/cgroup"), "0::/kubepods/pod1/jray\n");
    Path own = Files.createDirectories(root.resolve("sys/fs/cgroup/kubepods/pod1/jray"));
    Files.writeString(own.resolve("memory.max"), "2147483648\n"); // the pod's 2 GiB
    Files.writeString(own.resolve("memory.current"), String.valueOf(GIB / 2));
    HostMemory memory = new HostMemory(root);
    assertEquals(2 * GIB, memory.totalBytes());
    assertEquals(2 * GIB - GIB / 2, memory.availableBytes(), "what the limit leaves beside the cgroup's use");

    long store = HostResources.objectStoreBytes(NodeSpec.head(root, 6379), memory);
    assertTrue(store <= (long) (0.3 * 2 * GIB), "30% of the container's 2 GiB, not of the host's 24: " + store);
    Map<String, Double> resources = HostResources.of(NodeSpec.head(root, 6379), store, memory);
    assertEquals((double) (2 * GIB - GIB / 2 - store), resources.get("memory"));
  }

  @Test
  void aContainerSeesItsOwnCgroupAtTheMountRoot(@TempDir Path root) throws Exception {
    host(root, 24L * 1024 * 1024, 20L * 1024 * 1024);
    Files.writeString(root.resolve("proc/self/cgroup"), "0::/\n");
    Path mount = Files.createDirectories(root.resolve("sys/fs/cgroup"));
    Files.writeString(mount.resolve("memory.max"), String.valueOf(4 * GIB));
    Files.writeString(mount.resolve("memory.current"), "0");
    assertEquals(4 * GIB, new HostMemory(root).totalBytes());
  }

  @Test
  void noLimitMeansTheHostsMemoryInV2AndV1(@TempDir Path v2, @TempDir Path v1) throws Exception {
    host(v2, 8L * 1024 * 1024, 6L * 1024 * 1024);
    Files.createDirectories(v2.resolve("sys/fs/cgroup"));
    Files.writeString(v2.resolve("sys/fs/cgroup/memory.max"), "max\n");
    assertEquals(8 * GIB, new HostMemory(v2).totalBytes());
    assertEquals(6 * GIB, new HostMemory(v2).availableBytes());

    host(v1, 8L * 1024 * 1024, 6L * 1024 * 1024);
    Path memory = Files.createDirectories(v1.resolve("sys/fs/cgroup/memory"));
    Files.writeString(memory.resolve("memory.limit_in_bytes"), "9223372036854771712\n"); // v1's "no limit"
    assertEquals(8 * GIB, new HostMemory(v1).totalBytes());
    Files.writeString(memory.resolve("memory.limit_in_bytes"), String.valueOf(3 * GIB));
    Files.writeString(memory.resolve("memory.usage_in_bytes"), String.valueOf(GIB));
    assertEquals(3 * GIB, new HostMemory(v1).totalBytes());
    assertEquals(2 * GIB, new HostMemory(v1).availableBytes());
  }

  @Test
  void thisHostReadsSomething() {
    assertTrue(HostMemory.system().totalBytes() > 0);
  }
}
