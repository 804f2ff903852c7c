package io.jray.gcs;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.jray.gcs.storage.Change;
import io.jray.gcs.storage.StoredTables;
import io.jray.gcs.storage.Table;
import io.jray.gcs.storage.TableStorage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import io.jray.runtime.config.JrayConfig;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The GCS's internal key-value store, one map per namespace, holding values up to
 * {@link JrayConfig#KV_MAX_VALUE_BYTES} each. A change is written to the table storage (one row per namespace and
 * key) before it is acknowledged. Thread-safe through concurrent maps; a key's change and its write happen under
 * that key's lock.
 */
public final class KvManager {
  private final ConcurrentMap<String, ConcurrentMap<ByteString, ByteString>> spaces = new ConcurrentHashMap<>();
  private final TableStorage storage;

  /** A store kept nowhere but here (unit tests). */
  public KvManager() {
    this(new io.jray.gcs.storage.MemoryStorage(), StoredTables.empty());
  }

  public KvManager(TableStorage storage, StoredTables loaded) {
    this.storage = storage;
    loaded.rows(Table.KV).forEach((row, value) -> {
      ByteBuffer bytes = row.asReadOnlyByteBuffer();
      byte[] namespace = new byte[bytes.getShort() & 0xffff];
      bytes.get(namespace);
      space(new String(namespace, StandardCharsets.UTF_8)).put(ByteString.copyFrom(bytes), value);
    });
  }

  /** The storage row of a key: the namespace's length (2 bytes), the namespace, the key. */
  private static ByteString row(String namespace, ByteString key) {
    byte[] ns = namespace.getBytes(StandardCharsets.UTF_8);
    ByteBuffer prefix = ByteBuffer.allocate(2 + ns.length).putShort((short) ns.length).put(ns);
    return ByteString.copyFrom(prefix.array()).concat(key);
  }

  private ConcurrentMap<ByteString, ByteString> space(String namespace) {
    return spaces.computeIfAbsent(namespace, n -> new ConcurrentHashMap<>());
  }

  /**
   * Returns whether the key was new. Without overwrite an existing value is kept. A value above the cap is refused
   * with INVALID_ARGUMENT and nothing changes: the store lives in the GCS's heap.
   */
  public boolean put(String namespace, ByteString key, ByteString value, boolean overwrite) {
    long max = JrayConfig.KV_MAX_VALUE_BYTES.get();
    if (value.size() > max) {
      throw Status.INVALID_ARGUMENT.withDescription("A value of " + value.size() + " bytes is larger than the GCS's"
          + " key-value store takes (" + JrayConfig.KV_MAX_VALUE_BYTES.propertyName() + " = " + max
          + " bytes); store it as an object instead, or raise that setting on the head.").asRuntimeException();
    }
    boolean[] added = {false};
    space(namespace).compute(key, (k, old) -> {
      if (old != null && !overwrite) {
        return old;
      }
      storage.write(Change.put(Table.KV, row(namespace, key), value));
      added[0] = old == null;
      return value;
    });
    return added[0];
  }

  public Optional<ByteString> get(String namespace, ByteString key) {
    return Optional.ofNullable(space(namespace).get(key));
  }

  public boolean delete(String namespace, ByteString key) {
    boolean[] deleted = {false};
    space(namespace).computeIfPresent(key, (k, old) -> {
      storage.delete(Table.KV, row(namespace, key));
      deleted[0] = true;
      return null;
    });
    return deleted[0];
  }

  public List<ByteString> keys(String namespace, ByteString prefix) {
    return space(namespace).keySet().stream().filter(k -> k.startsWith(prefix)).toList();
  }
}
