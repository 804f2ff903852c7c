package io.jray.gcs.storage;

import java.util.Locale;

/** The GCS's tables, as its storage keeps them (Ray's gcs_table_storage has one per kind of record). */
public enum Table {
  /** The cluster's identity: its id, its token's hash, how many times a GCS started on it. */
  META,
  NODES,
  JOBS,
  ACTORS,
  PLACEMENT_GROUPS,
  KV,
  JOB_SUBMISSIONS;

  /** The name the storage uses for it (a file record's table, a Redis hash's suffix). */
  public String storedName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Table fromStoredName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
