package io.jray.objectstore;

import com.google.protobuf.ByteString;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The store's objects by id, and their order of last access (least recently used first), from which eviction
 * and spilling pick their victims. Not thread-safe: {@link ObjectStore} calls it under its lock.
 */
final class ObjectTable {
  private final Map<ByteString, ObjectEntry> byId = new HashMap<>();
  /** Insertion-ordered; {@link #touch} moves an entry to the end, so the first entries are the coldest. */
  private final LinkedHashSet<ObjectEntry> lru = new LinkedHashSet<>();

  /** The entry of this id, deleted ones too (they stay until their last reader lets go), or null. */
  ObjectEntry get(ByteString id) {
    return byId.get(id);
  }

  /** The entry of this id unless it was deleted, or null. */
  ObjectEntry live(ByteString id) {
    ObjectEntry entry = byId.get(id);
    return entry == null || entry.deleted ? null : entry;
  }

  void add(ObjectEntry entry) {
    byId.put(entry.id, entry);
    lru.add(entry);
  }

  void remove(ObjectEntry entry) {
    byId.remove(entry.id, entry);
    lru.remove(entry);
  }

  /** Records a use of the entry: it becomes the last candidate for eviction or spilling. */
  void touch(ObjectEntry entry) {
    if (lru.remove(entry)) {
      lru.add(entry);
    }
  }

  /** The least recently used entry that {@code test} accepts, or null. */
  ObjectEntry leastRecentlyUsed(Predicate<ObjectEntry> test) {
    for (ObjectEntry entry : lru) {
      if (test.test(entry)) {
        return entry;
      }
    }
    return null;
  }

  Collection<ObjectEntry> all() {
    return Collections.unmodifiableCollection(byId.values());
  }
}
