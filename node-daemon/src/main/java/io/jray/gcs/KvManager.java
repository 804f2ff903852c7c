package io.jray.gcs;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.jray.runtime.config.JrayConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The GCS's internal key-value store, one map per namespace, holding values up to
 * {@link JrayConfig#KV_MAX_VALUE_BYTES} each. Thread-safe through concurrent maps.
 */
public final class KvManager {
  private final ConcurrentMap<String, ConcurrentMap<ByteString, ByteString>> spaces = new ConcurrentHashMap<>();

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
    Map<ByteString, ByteString> space = space(namespace);
    if (overwrite) {
      return space.put(key, value) == null;
    }
    return space.putIfAbsent(key, value) == null;
  }

  public Optional<ByteString> get(String namespace, ByteString key) {
    return Optional.ofNullable(space(namespace).get(key));
  }

  public boolean delete(String namespace, ByteString key) {
    return space(namespace).remove(key) != null;
  }

  public List<ByteString> keys(String namespace, ByteString prefix) {
    return space(namespace).keySet().stream().filter(k -> k.startsWith(prefix)).toList();
  }
}
