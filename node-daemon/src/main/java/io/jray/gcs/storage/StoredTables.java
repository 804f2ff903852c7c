package io.jray.gcs.storage;

import com.google.protobuf.ByteString;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The rows a storage held when the GCS started, by table, each table in the order its rows were first written. */
public final class StoredTables {
  private final Map<Table, Map<ByteString, ByteString>> tables = new EnumMap<>(Table.class);

  public static StoredTables empty() {
    return new StoredTables();
  }

  /** Applies one change, as replaying a log does. */
  public void apply(Change change) {
    Map<ByteString, ByteString> rows = tables.computeIfAbsent(change.table(), t -> new LinkedHashMap<>());
    if (change.deleted()) {
      rows.remove(change.key());
    } else {
      rows.put(change.key(), change.value());
    }
  }

  public void applyAll(List<Change> changes) {
    changes.forEach(this::apply);
  }

  public Map<ByteString, ByteString> rows(Table table) {
    return tables.getOrDefault(table, Map.of());
  }

  public Optional<String> meta(String key) {
    return Optional.ofNullable(rows(Table.META).get(ByteString.copyFromUtf8(key))).map(ByteString::toStringUtf8);
  }

  /** Every row, as changes that rebuild these tables (a snapshot). */
  public List<Change> asChanges() {
    List<Change> all = new java.util.ArrayList<>();
    tables.forEach((table, rows) -> rows.forEach((k, v) -> all.add(Change.put(table, k, v))));
    return all;
  }

  public int size() {
    return tables.values().stream().mapToInt(Map::size).sum();
  }
}
