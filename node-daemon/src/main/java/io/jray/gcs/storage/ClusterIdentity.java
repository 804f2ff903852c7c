package io.jray.gcs.storage;

import io.jray.runtime.rpc.AuthToken;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Which cluster a storage belongs to: its id (made at the first start) and its token's SHA-256. A GCS refuses a
 * storage that holds another cluster's state, and counts its own starts there (how {@code jray status} shows a
 * restart).
 *
 * @param starts how many GCS processes started on this storage, this one included
 */
public record ClusterIdentity(String clusterId, int starts, long startTimeMs) {
  static final String CLUSTER_ID = "cluster_id";
  static final String TOKEN_SHA256 = "token_sha256";
  static final String STARTS = "gcs_starts";

  public int restarts() {
    return Math.max(0, starts - 1);
  }

  /**
   * Checks the storage against this cluster's token and records this start.
   *
   * @throws StorageException when the storage was made with another token
   */
  public static ClusterIdentity establish(TableStorage storage, StoredTables tables, AuthToken token) {
    check(storage, tables, token);
    String tokenHash = sha256(token.value());
    String clusterId = tables.meta(CLUSTER_ID).orElseGet(() -> UUID.randomUUID().toString());
    int starts = tables.meta(STARTS).map(Integer::parseInt).orElse(0) + 1;
    storage.write(List.of(Change.put(Table.META, CLUSTER_ID, clusterId), Change.put(Table.META, TOKEN_SHA256,
        tokenHash), Change.put(Table.META, STARTS, Integer.toString(starts))));
    return new ClusterIdentity(clusterId, starts, System.currentTimeMillis());
  }

  /**
   * Refuses a storage made with another token, changing nothing.
   *
   * @throws StorageException saying so
   */
  public static void check(TableStorage storage, StoredTables tables, AuthToken token) {
    String stored = tables.meta(TOKEN_SHA256).orElse(null);
    if (stored != null && !MessageDigest.isEqual(stored.getBytes(StandardCharsets.UTF_8),
        sha256(token.value()).getBytes(StandardCharsets.UTF_8))) {
      throw new StorageException("The GCS storage " + storage.describe() + " holds another cluster's state (made "
          + "with another token); use that cluster's token, or another --storage.");
    }
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
