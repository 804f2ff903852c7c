package io.jray.node;

import io.jray.runtime.rpc.HostPort;
import java.nio.file.Path;
import java.util.Map;

/**
 * Everything {@code jray start} was asked for. {@code gcsAddress} is null for a head; nullable numbers mean
 * "detect". {@code ownerPid} > 0 makes the node end when that process dies ({@code --block}, a driver's
 * local cluster). {@code bindAll} makes its daemons and workers listen on every interface instead of the node's
 * address alone. {@code storage} is where a head's GCS keeps its tables (a {@code --storage} value) and
 * {@code storagePasswordFile} the file holding its Redis password, or null. {@code metricsExportPort} is the
 * raylet's Prometheus port (0: any free port; the GCS and object store always take free ones).
 */
public record NodeSpec(
    boolean head,
    HostPort gcsAddress,
    int port,
    String nodeIp,
    Double numCpus,
    Double numGpus,
    Long memory,
    Long objectStoreMemory,
    Map<String, Double> customResources,
    Map<String, String> labels,
    Path tempDir,
    int nodeManagerPort,
    int objectManagerPort,
    long ownerPid,
    boolean bindAll,
    String storage,
    Path storagePasswordFile,
    int metricsExportPort) {

  public static final int DEFAULT_PORT = 6379;

  public NodeSpec {
    customResources = Map.copyOf(customResources);
    labels = Map.copyOf(labels);
    storage = storage == null || storage.isBlank() ? "memory" : storage;
  }

  /** A head on 127.0.0.1 with defaults, in the given temp dir. */
  public static NodeSpec head(Path tempDir, int port) {
    return new NodeSpec(true, null, port, null, null, null, null, null, Map.of(), Map.of(), tempDir, 0, 0, -1, false, null, null, 0);
  }

  /** A node joining the cluster at {@code gcs}, in the given temp dir. */
  public static NodeSpec worker(Path tempDir, HostPort gcs) {
    return new NodeSpec(false, gcs, 0, null, null, null, null, null, Map.of(), Map.of(), tempDir, 0, 0, -1, false, null, null, 0);
  }

  public NodeSpec withNumCpus(Double cpus) {
    return new NodeSpec(head, gcsAddress, port, nodeIp, cpus, numGpus, memory, objectStoreMemory, customResources,
        labels, tempDir, nodeManagerPort, objectManagerPort, ownerPid, bindAll, storage, storagePasswordFile, metricsExportPort);
  }

  public NodeSpec withCustomResources(Map<String, Double> custom) {
    return new NodeSpec(head, gcsAddress, port, nodeIp, numCpus, numGpus, memory, objectStoreMemory, custom,
        labels, tempDir, nodeManagerPort, objectManagerPort, ownerPid, bindAll, storage, storagePasswordFile, metricsExportPort);
  }

  public NodeSpec withObjectStoreMemory(Long bytes) {
    return new NodeSpec(head, gcsAddress, port, nodeIp, numCpus, numGpus, memory, bytes, customResources,
        labels, tempDir, nodeManagerPort, objectManagerPort, ownerPid, bindAll, storage, storagePasswordFile, metricsExportPort);
  }

  public NodeSpec withOwnerPid(long pid) {
    return new NodeSpec(head, gcsAddress, port, nodeIp, numCpus, numGpus, memory, objectStoreMemory, customResources,
        labels, tempDir, nodeManagerPort, objectManagerPort, pid, bindAll, storage, storagePasswordFile, metricsExportPort);
  }

  public NodeSpec withNodeIp(String ip) {
    return new NodeSpec(head, gcsAddress, port, ip, numCpus, numGpus, memory, objectStoreMemory, customResources,
        labels, tempDir, nodeManagerPort, objectManagerPort, ownerPid, bindAll, storage, storagePasswordFile, metricsExportPort);
  }

  public NodeSpec withBindAll(boolean all) {
    return new NodeSpec(head, gcsAddress, port, nodeIp, numCpus, numGpus, memory, objectStoreMemory, customResources,
        labels, tempDir, nodeManagerPort, objectManagerPort, ownerPid, all, storage, storagePasswordFile, metricsExportPort);
  }

  public NodeSpec withLabels(Map<String, String> nodeLabels) {
    return new NodeSpec(head, gcsAddress, port, nodeIp, numCpus, numGpus, memory, objectStoreMemory, customResources,
        nodeLabels, tempDir, nodeManagerPort, objectManagerPort, ownerPid, bindAll, storage, storagePasswordFile, metricsExportPort);
  }

  public NodeSpec withStorage(String uri, Path passwordFile) {
    return new NodeSpec(head, gcsAddress, port, nodeIp, numCpus, numGpus, memory, objectStoreMemory, customResources,
        labels, tempDir, nodeManagerPort, objectManagerPort, ownerPid, bindAll, uri, passwordFile, metricsExportPort);
  }

  public NodeSpec withPort(int gcsPort) {
    return new NodeSpec(head, gcsAddress, gcsPort, nodeIp, numCpus, numGpus, memory, objectStoreMemory,
        customResources, labels, tempDir, nodeManagerPort, objectManagerPort, ownerPid, bindAll, storage,
        storagePasswordFile, metricsExportPort);
  }

  public NodeSpec withMetricsExportPort(int port) {
    return new NodeSpec(head, gcsAddress, this.port, nodeIp, numCpus, numGpus, memory, objectStoreMemory,
        customResources, labels, tempDir, nodeManagerPort, objectManagerPort, ownerPid, bindAll, storage,
        storagePasswordFile, port);
  }
}
