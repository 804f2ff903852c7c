package io.jray.objectstore;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** The object store's metrics (Ray's object_store_memory and spill metrics), read from its stats at each scrape. */
final class ObjectStoreMetrics {
  private ObjectStoreMetrics() {}

  static void register(PrometheusRegistry registry, ObjectStore store) {
    GaugeWithCallback.builder().name("jray_object_store_memory_bytes")
        .help("Bytes of objects in the node's object store, by where they are (MMAP_SHM: in shared memory; "
            + "SPILLED: on disk; PINNED: in use by a process).")
        .labelNames("Location")
        .callback(cb -> {
          ObjectStore.Stats s = store.stats();
          cb.call(s.usedBytes(), "MMAP_SHM");
          cb.call(s.spilledBytes(), "SPILLED");
          cb.call(s.pinnedBytes(), "PINNED");
        }).register(registry);
    GaugeWithCallback.builder().name("jray_object_store_capacity_bytes")
        .help("The object store's size (--object-store-memory).")
        .callback(cb -> cb.call(store.stats().capacity())).register(registry);
    GaugeWithCallback.builder().name("jray_object_store_objects")
        .help("Objects in the node's object store, by where they are.")
        .labelNames("Location")
        .callback(cb -> {
          ObjectStore.Stats s = store.stats();
          cb.call(s.objects() - s.spilledObjects(), "MMAP_SHM");
          cb.call(s.spilledObjects(), "SPILLED");
        }).register(registry);
    CounterWithCallback.builder().name("jray_object_store_spills")
        .help("Objects the store wrote to disk to make room.")
        .callback(cb -> cb.call(store.stats().spills())).register(registry);
    CounterWithCallback.builder().name("jray_object_store_restores")
        .help("Spilled objects the store read back into shared memory.")
        .callback(cb -> cb.call(store.stats().restores())).register(registry);
    CounterWithCallback.builder().name("jray_object_store_evictions")
        .help("Unpinned copies the store dropped to make room.")
        .callback(cb -> cb.call(store.stats().evictions())).register(registry);
  }
}
