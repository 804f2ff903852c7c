package io.jray.objectstore;

import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.objectstore.ObjectStoreClient;
import io.jray.runtime.rpc.AuthToken;
import io.jray.runtime.rpc.HostPort;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
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
    Process daemon = null;
    Path shmDir = null;
    Path spillDir = null;
    Path portFile = null;
    AuthToken token;
    HostPort store;
    if (address == null) {
      String name = "jray-bench-" + HexFormat.of().formatHex(randomBytes(6));
      shmDir = Path.of("/dev/shm", name);
      spillDir = Path.of(System.getProperty("java.io.tmpdir"), name + "-spill");
      portFile = Files.createTempFile(name, ".port");
      Files.delete(portFile);
      token = AuthToken.of(HexFormat.of().formatHex(randomBytes(16)));
      daemon = spawnStore(shmDir, spillDir, portFile, capacity, token);
      store = new HostPort("127.0.0.1", awaitPort(portFile, daemon));
    } else {
      token = AuthToken.find();
      store = HostPort.parse(address);
    }
    try (ObjectStoreClient client = new ObjectStoreClient(store, token)) {
      System.out.printf(Locale.ROOT, "object store %s, capacity %.1f GiB, arena %s%n", store,
          client.stats().capacityBytes() / (double) GIB, client.stats().arenaPath());
      bigValues(client);
      smallValues(client, seconds);
    } finally {
      if (daemon != null) {
        daemon.destroy();
        daemon.waitFor(20, TimeUnit.SECONDS);
        daemon.destroyForcibly();
        SharedMemoryDir.deleteTree(shmDir);
        SharedMemoryDir.deleteTree(spillDir);
        Files.deleteIfExists(portFile);
      }
    }
  }

  private static void bigValues(ObjectStoreClient client) {
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
    List<Long> views = new ArrayList<>();
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
      for (int k = 0; k < 20; k++) {
        t0 = System.nanoTime();
        ByteBuffer view = client.getView(id, 0);
        client.release(id);
        views.add(System.nanoTime() - t0);
        if (view.capacity() != GIB) {
          throw new IllegalStateException("the view has the wrong size");
        }
      }
      client.delete(id);
    }
    report("put 1 GiB, reused arena pages (median of 5)", median(puts));
    report("put 1 GiB, reused arena pages (best of 5)", puts.stream().min(Long::compare).orElseThrow());
    report("get 1 GiB copy out (median of 5)", median(gets));
    System.out.printf(Locale.ROOT, "  getView+release 1 GiB (zero copy): %.3f ms median of 100%n", median(views) / 1e6);
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

  private static Process spawnStore(Path shmDir, Path spillDir, Path portFile, long capacity, AuthToken token)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(Arrays.asList(JrayConfig.DAEMON_JVM_OPTIONS.get().trim().split("\\s+")));
    command.add("-Xmx" + JrayConfig.DAEMON_MAX_HEAP.get());
    command.addAll(JrayConfig.overridesAsJvmFlags());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), ObjectStoreMain.class.getName(),
        "--port=0", "--port-file=" + portFile, "--shm-dir=" + shmDir, "--spill-dir=" + spillDir,
        "--capacity-bytes=" + capacity));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put(AuthToken.ENV_TOKEN, token.value());
    return builder.start();
  }

  private static int awaitPort(Path portFile, Process daemon) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!daemon.isAlive()) {
        throw new IllegalStateException("the object store daemon exited with " + daemon.exitValue());
      }
      if (Files.exists(portFile)) {
        return Integer.parseInt(Files.readString(portFile, StandardCharsets.UTF_8).trim());
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("the object store daemon did not start within 60 s");
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
