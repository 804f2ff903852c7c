package io.jray.gcs;

import io.jray.gcs.storage.ClusterIdentity;

/** What the GCS says of itself in {@code jray status}: where it keeps its tables, and which start of it this is. */
record GcsInfo(String storage, ClusterIdentity identity) {}
