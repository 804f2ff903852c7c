package io.jray.gcs;

import io.jray.gcs.storage.ClusterIdentity;
import java.util.function.Supplier;

/**
 * What the GCS says of itself in {@code jray status}: where it keeps its tables, which start of it this is, and
 * where its dashboard is (empty: none).
 */
record GcsInfo(String storage, ClusterIdentity identity, Supplier<String> dashboardUrl) {}
