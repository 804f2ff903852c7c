package io.jray.testing;

import java.nio.file.Path;
import java.util.List;

/**
 * The cluster {@link JrayCluster} started for a test class: its GCS address ({@code host:port}, what
 * {@code Ray.init} and {@code jray --address} take), its temp dir and its nodes' ids.
 */
public record JrayTestCluster(String address, Path tempDir, List<String> nodeIds) {}
