package io.jray.runtime.object;

import com.google.protobuf.ByteString;
import io.jray.proto.Address;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where copies of the stored objects this process owns may be besides their primary copy: the object stores of
 * the readers that pulled them, as each said when it asked this owner for the object. They are hints (a pulled
 * copy is secondary and may be evicted): the recovery asks each store before it uses one. An object's entry goes
 * when it is freed. Thread-safe.
 */
public final class ObjectLocations {
  private final Map<ByteString, Set<Address>> copies = new ConcurrentHashMap<>();

  /** A reader whose node's store is {@code store} is about to pull the object there. */
  public void pulledTo(ByteString id, Address store) {
    copies.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(store);
  }

  /** The stores that may hold a copy of the object (none known: empty). */
  public List<Address> of(ByteString id) {
    Set<Address> known = copies.get(id);
    return known == null ? List.of() : List.copyOf(known);
  }

  /** A store found without the object (its node died, or it evicted the copy). */
  public void gone(ByteString id, Address store) {
    copies.computeIfPresent(id, (k, stores) -> {
      stores.remove(store);
      return stores.isEmpty() ? null : stores;
    });
  }

  /** The object was freed. */
  public void forget(ByteString id) {
    copies.remove(id);
  }
}
