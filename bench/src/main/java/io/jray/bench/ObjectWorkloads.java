package io.jray.bench;

import io.jray.runtime.process.DaemonThreads;
import io.jray.api.ObjectRef;
import io.jray.api.Ray;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** The object workloads: puts, gets and waits from the driver. */
final class ObjectWorkloads {
  /** Driver threads putting at once in {@code multi_client_put_calls}, and puts per thread per call. */
  static final int PUT_CLIENTS = 4;
  static final int PUTS_PER_CLIENT = 250;
  /** Refs inside the object of {@code single_client_get_object_containing_10k_refs}. */
  static final int REFS_IN_OBJECT = 10_000;
  /** Tasks whose refs {@code single_client_wait_1k_refs} waits for, one {@code Ray.wait} each. */
  static final int WAIT_REFS = 1000;
  /**
   * Bytes of one put in {@code single_client_put_gigabytes} (Ray: 800 MB; the JVM peer: 100 MiB), and the
   * least when scaled down.
   */
  static final int PUT_GIGABYTES_VALUE_BYTES = 100 << 20;
  static final int PUT_GIGABYTES_MIN_BYTES = 1 << 20;

  private ObjectWorkloads() {}

  static Workload getCalls() {
    return Workload.of("single_client_get_calls", s -> {
      ObjectRef<Integer> value = Ray.put(0);
      return Trial.of(1, () -> Ray.get(value));
    });
  }

  static Workload putCalls() {
    return Workload.of("single_client_put_calls", s -> Trial.of(1, () -> Ray.put(0)));
  }

  /** Several driver threads put at once: the object path under contention (Ray uses 10 tasks of 100 puts). */
  static Workload multiClientPutCalls() {
    return Workload.of("multi_client_put_calls", s -> {
      int puts = s.batch(PUTS_PER_CLIENT);
      return concurrentPuts(PUT_CLIENTS * puts, () -> {
        for (int i = 0; i < puts; i++) {
          Ray.put(0);
        }
      });
    });
  }

  /** Driver threads each putting a large value at once, in gigabytes (10^9 bytes) per second. */
  static Workload multiClientPutGigabytes() {
    return Workload.of("multi_client_put_gigabytes", s -> {
      byte[] value = new byte[s.scaled(PUT_GIGABYTES_VALUE_BYTES / PUT_CLIENTS, PUT_GIGABYTES_MIN_BYTES)];
      return concurrentPuts(PUT_CLIENTS * value.length / 1e9, () -> Ray.put(value));
    });
  }

  /** One call: {@link #PUT_CLIENTS} threads run {@code client} at once. */
  private static Trial concurrentPuts(double unitsPerCall, Runnable client) {
    ExecutorService clients = Executors.newFixedThreadPool(PUT_CLIENTS, DaemonThreads.named("bench-put-client"));
    List<Callable<Void>> all = Collections.nCopies(PUT_CLIENTS, () -> {
      client.run();
      return null;
    });
    return Trial.of(unitsPerCall, () -> {
      for (Future<Void> f : clients.invokeAll(all)) {
        f.get();
      }
    }, clients::shutdownNow);
  }

  static Workload getObjectContaining10kRefs() {
    return Workload.of("single_client_get_object_containing_10k_refs", s -> {
      ObjectRef<List<ObjectRef<Integer>>> holder =
          Ray.task(Tasks::createObjectContainingRefs, s.batch(REFS_IN_OBJECT)).remote();
      Ray.get(holder);
      return Trial.of(1, () -> Ray.get(holder));
    });
  }

  /** 1,000 tasks, then one {@code Ray.wait} per ready ref until none is left; one call is the whole batch. */
  static Workload wait1kRefs() {
    return Workload.of("single_client_wait_1k_refs", s -> {
      int n = s.batch(WAIT_REFS);
      return Trial.of(1, () -> {
        List<ObjectRef<byte[]>> notReady = TaskWorkloads.submitSmallTasks(n);
        for (int i = 0; i < n; i++) {
          notReady = Ray.wait(notReady, 1).getUnready();
        }
      });
    });
  }

  /** Rate in gigabytes (10^9 bytes) per second. */
  static Workload putGigabytes() {
    return Workload.of("single_client_put_gigabytes", s -> {
      byte[] value = new byte[s.scaled(PUT_GIGABYTES_VALUE_BYTES, PUT_GIGABYTES_MIN_BYTES)];
      return Trial.of(value.length / 1e9, () -> Ray.put(value));
    });
  }
}
