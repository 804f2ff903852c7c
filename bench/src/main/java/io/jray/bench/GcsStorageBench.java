package io.jray.bench;

import com.google.protobuf.ByteString;
import io.jray.api.ActorHandle;
import io.jray.api.Ray;
import io.jray.node.DaemonKind;
import io.jray.node.NodeFile;
import io.jray.node.NodeLauncher;
import io.jray.node.NodeSpec;
import io.jray.node.NodeStopper;
import io.jray.proto.Address;
import io.jray.proto.RegisterDriverRequest;
import io.jray.runtime.gcs.DriverRegistration;
import io.jray.runtime.gcs.GcsClient;
import io.jray.runtime.rpc.AuthToken;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * What durable GCS storage costs and how fast the head comes back (issue 16's figures), in one run: for each
 * storage (memory, {@code file:}, and {@code redis://} when Debian's redis-server is installed) a fresh head, then
 * KV writes (one caller, and 16 at once), job registrations, actor creations, and for durable storage the time from
 * kill -9 of the GCS to its first answer and to the first actor created after it. Prints Ray's line format:
 * {@code <name> per second <value>} and {@code <name> seconds <value>}.
 *
 * <pre>java -cp "$(./jray classpath)" io.jray.bench.GcsStorageBench [seconds-per-measure]</pre>
 */
public final class GcsStorageBench {
  private static final int ACTORS = 6;

  private GcsStorageBench() {}

  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
    Path root = Files.createTempDirectory("jray-gcs-bench-");
    AuthToken token = AuthToken.findOrCreate();
    Map<String, String> storages = new LinkedHashMap<>();
    storages.put("memory", "memory");
    storages.put("file", "file:" + root.resolve("gcs-file"));
    Process redis = startRedis(root);
    if (redis != null) {
      storages.put("redis", "redis://127.0.0.1:" + redisPort);
    } else {
      System.out.println("# redis-server is not installed: no Redis rows (apt-get install redis-server)");
    }
    try {
      for (Map.Entry<String, String> storage : storages.entrySet()) {
        measure(storage.getKey(), storage.getValue(), root.resolve("node-" + storage.getKey()), token, seconds);
      }
    } finally {
      if (redis != null) {
        redis.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  private static void measure(String name, String storage, Path tempDir, AuthToken token, double seconds)
      throws Exception {
    NodeSpec spec = NodeSpec.head(tempDir, freePort()).withNodeIp("127.0.0.1").withNumCpus(8.0)
        .withOwnerPid(ProcessHandle.current().pid()).withStorage(storage, null);
    NodeLauncher.StartedNode head = new NodeLauncher(line -> {}).start(spec, token);
    try (GcsClient gcs = new GcsClient(head.gcsAddress(), token).patient()) {
      line("gcs_kv_put_sync_" + name, rate(seconds, i -> gcs.kvPut("bench", key(i), ByteString.copyFrom(
          new byte[100]), true)));
      line("gcs_kv_put_concurrent_" + name, concurrentRate(seconds, 16, i -> gcs.kvPut("bench", key(i),
          ByteString.copyFrom(new byte[100]), true)));
      Address nobody = Address.newBuilder().setIp("127.0.0.1").setPort(1).build();
      line("gcs_job_registrations_" + name, rate(seconds, i -> {
        try (DriverRegistration job = DriverRegistration.register(gcs, RegisterDriverRequest.newBuilder()
            .setDriverAddress(nobody).setDriverPid(ProcessHandle.current().pid()).setNamespace("bench").build())) {
          job.jobId();
        }
      }));
      Ray.init(head.gcsAddress().toString());
      try {
        long start = System.nanoTime();
        List<ActorHandle<BenchActor>> actors = new ArrayList<>();
        for (int i = 0; i < ACTORS; i++) {
          actors.add(Ray.actor(BenchActor::new).setResource("CPU", 0.01).remote());
        }
        actors.forEach(a -> a.task(BenchActor::smallValue).remote().get(120_000));
        line("gcs_actor_creations_" + name, ACTORS / ((System.nanoTime() - start) / 1e9));
        actors.forEach(a -> a.kill());
        if (!storage.equals("memory")) {
          long killed = System.nanoTime();
          kill(head);
          awaitAnswer(gcs);
          seconds("gcs_recovery_first_call_" + name, (System.nanoTime() - killed) / 1e9);
          Ray.actor(BenchActor::new).setResource("CPU", 0.01).remote().task(BenchActor::smallValue).remote()
              .get(120_000);
          seconds("gcs_recovery_first_actor_" + name, (System.nanoTime() - killed) / 1e9);
        }
      } finally {
        Ray.shutdown();
      }
    } finally {
      NodeStopper.stopNode(head.nodeFilePath(), tempDir, false, 10_000);
    }
  }

  private interface Call {
    void run(int i) throws Exception;
  }

  private static double rate(double seconds, Call call) throws Exception {
    for (int i = 0; i < 200; i++) {
      call.run(i); // warm-up
    }
    long end = System.nanoTime() + (long) (seconds * 1e9);
    long start = System.nanoTime();
    int n = 0;
    while (System.nanoTime() < end) {
      call.run(n++);
    }
    return n / ((System.nanoTime() - start) / 1e9);
  }

  private static double concurrentRate(double seconds, int threads, Call call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> counts = new ArrayList<>();
      long start = System.nanoTime();
      long end = start + (long) (seconds * 1e9);
      for (int t = 0; t < threads; t++) {
        int base = t * 10_000_000;
        counts.add(pool.submit(() -> {
          int n = 0;
          while (System.nanoTime() < end) {
            call.run(base + n++);
          }
          return n;
        }));
      }
      long total = 0;
      for (Future<Integer> c : counts) {
        total += c.get();
      }
      return total / ((System.nanoTime() - start) / 1e9);
    } finally {
      pool.shutdownNow();
    }
  }

  private static ByteString key(int i) {
    return ByteString.copyFromUtf8("key-" + (i % 1000));
  }

  private static void kill(NodeLauncher.StartedNode head) throws IOException, InterruptedException {
    long pid = NodeFile.read(head.nodeFilePath()).processes().stream()
        .filter(d -> d.daemonKind() == DaemonKind.GCS).findFirst().orElseThrow().pid();
    new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
  }

  private static void awaitAnswer(GcsClient gcs) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      try {
        gcs.getClusterStatus();
        return;
      } catch (RuntimeException notYet) {
        gcs.channel().resetConnectBackoff();
        Thread.sleep(10);
      }
    }
    throw new IllegalStateException("the GCS did not come back within 60 s");
  }

  private static int redisPort;

  private static Process startRedis(Path root) throws Exception {
    redisPort = freePort();
    Process redis;
    try {
      redis = new ProcessBuilder("redis-server", "--port", Integer.toString(redisPort), "--bind", "127.0.0.1",
          "--dir", Files.createDirectories(root.resolve("redis")).toString(), "--appendonly", "yes",
          "--appendfsync", "always", "--save", "").redirectErrorStream(true)
          .redirectOutput(root.resolve("redis.log").toFile()).start();
    } catch (IOException notInstalled) {
      return null;
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      try (Socket socket = new Socket("127.0.0.1", redisPort)) {
        return redis;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    redis.destroyForcibly();
    return null;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void line(String name, double perSecond) {
    System.out.printf("%s per second %.2f%n", name, perSecond);
  }

  private static void seconds(String name, double value) {
    System.out.printf("%s seconds %.2f%n", name, value);
  }
}
