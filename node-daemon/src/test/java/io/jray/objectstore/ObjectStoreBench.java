package io.jray.objectstore;

import io.jray.runtime.objectstore.ObjectStoreClient;
import io.jray.runtime.rpc.AuthToken;
import io.jray.runtime.rpc.HostPort;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Measures the object store through its client, by hand (not a test):
 *
 * <pre>
 *   java -cp ... io.jray.objectstore.ObjectStoreBench [--address=host:port] [--capacity-gib=4] [--seconds=10]
 * </pre>
 *
 * Without {@code --address} it starts a store daemon (ObjectStoreMain, with the daemons' JVM options) of its own
 * and stops it at the end; with it, it uses the token of {@code AuthToken.find()}. Reports 1 GiB put and get
 * throughput (cold arena pages, then reused ones) and small puts and gets per second after a warm-up.
 */
public final class ObjectStoreBench {
  private static final int GIB = 1 << 30;

  private ObjectStoreBench() {}

  public static void main(String[] args) throws Exception {
    String address = option(args, "address", null);
    long capacity = Long.parseLong(option(args, "capacity-gib", "4")) << 30;
    int seconds = Integer.parseInt(option(args, "seconds", "10"));
    StoreProcess daemon = null;
    AuthToken token;
    HostPort store;
    if (address == null) {
      daemon = StoreProcess.start("jray-bench-", capacity);
      token = daemon.token;
      store = daemon.awaitAddress(60_000);
    } else {
      token = AuthToken.find();
      store = HostPort.parse(address);
    }
    try (ObjectStoreClient client = new ObjectStoreClient(store, token)) {
      System.out.printf(Locale.ROOT, "object store %s, capacity %.1f GiB, arena %s%n", store,
          client.stats().capacityBytes() / (double) GIB, client.stats().arenaPath());
      byte[] big = bigValues(client);
      smallValues(client, seconds);
      zeroCopyViews(client, big, seconds);
    } finally {
      if (daemon != null) {
        daemon.terminate(20_000);
        daemon.close();
      }
    }
  }

  /** Puts and gets 1 GiB values; returns the id of one left in the store. */
  private static byte[] bigValues(ObjectStoreClient client) {
    byte[] data = new byte[GIB];
    ThreadLocalRandom.current().nextBytes(data);
    byte[] copy = new byte[GIB];
    long t0 = System.nanoTime();
    System.arraycopy(data, 0, copy, 0, GIB);
    report("baseline System.arraycopy 1 GiB", System.nanoTime() - t0);
    copy = null;

    byte[] id = randomBytes(28);
    t0 = System.nanoTime();
    client.put(id, data);
    report("put 1 GiB, cold arena pages", System.nanoTime() - t0);
    client.delete(id);

    List<Long> puts = new ArrayList<>();
    List<Long> gets = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      id = randomBytes(28);
      t0 = System.nanoTime();
      client.put(id, data);
      puts.add(System.nanoTime() - t0);
      t0 = System.nanoTime();
      byte[] back = client.get(id, 0);
      gets.add(System.nanoTime() - t0);
      if (back.length != data.length || back[12345] != data[12345] || back[GIB - 1] != data[GIB - 1]) {
        throw new IllegalStateException("the value came back wrong");
      }
      back = null;
      if (i < 4) {
        client.delete(id);
      }
    }
    report("put 1 GiB, reused arena pages (median of 5)", median(puts));
    report("put 1 GiB, reused arena pages (best of 5)", puts.stream().min(Long::compare).orElseThrow());
    report("get 1 GiB copy out (median of 5)", median(gets));
    return id;
  }

  /** Zero-copy reads of a 1 GiB value, measured after the small-value runs warmed the client up. */
  private static void zeroCopyViews(ObjectStoreClient client, byte[] id, int seconds) {
    long[] n = {0};
    long t0 = System.nanoTime();
    runFor(seconds, () -> {
      ByteBuffer view = client.getView(id, 0);
      client.release(id);
      if (view.capacity() != GIB) {
        throw new IllegalStateException("the view has the wrong size");
      }
      n[0]++;
    });
    System.out.printf(Locale.ROOT, "  getView+release of the 1 GiB value (zero copy): %.3f ms each%n",
        (System.nanoTime() - t0) / 1e6 / n[0]);
    client.delete(id);
  }

  private static void smallValues(ObjectStoreClient client, int seconds) {
    byte[] value = new byte[100];
    List<byte[]> ids = new ArrayList<>();
    // On 2 cores a cold gRPC client needs >10 s of calls to reach full speed (BUILD-FACTS.md).
    runFor(seconds, () -> {
      byte[] id = randomBytes(28);
      client.put(id, value);
      ids.add(id);
    });
    deleteAll(client, ids);
    long[] n = {0};
    long t0 = System.nanoTime();
    runFor(seconds, () -> {
      byte[] id = randomBytes(28);
      client.put(id, value);
      ids.add(id);
      n[0]++;
    });
    double putRate = n[0] / ((System.nanoTime() - t0) / 1e9);
    n[0] = 0;
    t0 = System.nanoTime();
    runFor(seconds, () -> {
      client.get(ids.get((int) (n[0] % ids.size())), 0);
      n[0]++;
    });
    double getRate = n[0] / ((System.nanoTime() - t0) / 1e9);
    System.out.printf(Locale.ROOT, "  small (100 B) puts: %.0f/s (Create + Seal), gets: %.0f/s (Get + Release)%n",
        putRate, getRate);
    deleteAll(client, ids);
  }

  private static void runFor(int seconds, Runnable op) {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < end) {
      for (int i = 0; i < 100; i++) {
        op.run();
      }
    }
  }

  private static void deleteAll(ObjectStoreClient client, List<byte[]> ids) {
    for (int i = 0; i < ids.size(); i += 1000) {
      client.delete(ids.subList(i, Math.min(ids.size(), i + 1000)));
    }
    ids.clear();
  }

  private static void report(String what, long nanos) {
    System.out.printf(Locale.ROOT, "  %s: %.2f GB/s (%.0f ms)%n", what, GIB / (double) nanos, nanos / 1e6);
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(Long::compare);
    return sorted.get(sorted.size() / 2);
  }

  private static String option(String[] args, String name, String fallback) {
    for (String arg : args) {
      if (arg.startsWith("--" + name + "=")) {
        return arg.substring(name.length() + 3);
      }
    }
    return fallback;
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }
}
