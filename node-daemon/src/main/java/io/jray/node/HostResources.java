package io.jray.node;

import io.jray.runtime.config.JrayConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Works out a node's resources from what {@code start} was given and what this host has (Ray's defaults). */
public final class HostResources {
  private HostResources() {}

  /** CPU, GPU (when > 0), memory, object_store_memory, then custom resources, as Ray lists them. */
  public static Map<String, Double> of(NodeSpec spec, long objectStoreBytes) {
    return of(spec, objectStoreBytes, HostMemory.system());
  }

  static Map<String, Double> of(NodeSpec spec, long objectStoreBytes, HostMemory host) {
    Map<String, Double> resources = new LinkedHashMap<>();
    resources.put("CPU", spec.numCpus() != null ? spec.numCpus() : Runtime.getRuntime().availableProcessors());
    if (spec.numGpus() != null && spec.numGpus() > 0) {
      resources.put("GPU", spec.numGpus());
    }
    long memory = spec.memory() != null ? spec.memory() : Math.max(0, host.availableBytes() - objectStoreBytes);
    resources.put("memory", (double) memory);
    resources.put("object_store_memory", (double) objectStoreBytes);
    resources.putAll(spec.customResources());
    return resources;
  }

  /**
   * The object store's size: as given, else 30% of the node's memory (the host's, or its container's limit when
   * lower), capped by what the shared-memory file system holds.
   */
  public static long objectStoreBytes(NodeSpec spec) {
    return objectStoreBytes(spec, HostMemory.system());
  }

  static long objectStoreBytes(NodeSpec spec, HostMemory host) {
    if (spec.objectStoreMemory() != null) {
      return spec.objectStoreMemory();
    }
    long wanted = (long) (host.totalBytes() * JrayConfig.OBJECT_STORE_MEMORY_FRACTION.get());
    try {
      long shm = Files.getFileStore(Path.of(JrayConfig.SHM_DIR.get())).getUsableSpace();
      return Math.min(wanted, shm);
    } catch (IOException e) {
      return wanted;
    }
  }
}
