package io.jray.runtime;

import io.jray.api.ObjectRef;
import io.jray.api.Ray;
import java.util.List;

/** Static functions the task tests run remotely. */
public final class TestFunctions {
  private TestFunctions() {}

  public static int square(int x) {
    return x * x;
  }

  public static int add(int a, int b) {
    return a + b;
  }

  public static String nodeId() {
    return Ray.getRuntimeContext().getCurrentNodeId().toHex();
  }

  /** The id (hex) of the node this ran on; the data only makes the task read its argument there. */
  public static String nodeIdReading(byte[] data) {
    return data.length > 0 ? nodeId() : "";
  }

  public static String currentActorId() {
    return Ray.getRuntimeContext().getCurrentActorId().toHex();
  }

  public static int fail(String message) {
    throw new IllegalStateException(message);
  }

  public static long sleepMs(long ms) throws InterruptedException {
    Thread.sleep(ms);
    return ms;
  }

  public static long pid() {
    return ProcessHandle.current().pid();
  }

  /** Returns a ref made inside the task: a nested ref owned by the worker. */
  public static ObjectRef<Integer> nestedSquare(int x) {
    return Ray.task(TestFunctions::square, x).remote();
  }

  public static int sumOfRefs(List<ObjectRef<Integer>> refs) {
    return Ray.get(refs).stream().mapToInt(Integer::intValue).sum();
  }

  /** A user value holding a ref. */
  public record Labelled(String label, ObjectRef<Integer> ref) {}

  /** The sum of every ref found in value, at any depth: lists, maps' values, arrays and {@link Labelled}s. */
  public static int sumOfNestedRefs(Object value) {
    if (value instanceof ObjectRef<?> ref) {
      return (Integer) ref.get();
    }
    if (value instanceof Iterable<?> items) {
      int sum = 0;
      for (Object item : items) {
        sum += sumOfNestedRefs(item);
      }
      return sum;
    }
    if (value instanceof java.util.Map<?, ?> map) {
      return sumOfNestedRefs(map.values());
    }
    if (value instanceof Object[] array) {
      return sumOfNestedRefs(List.of(array));
    }
    return value instanceof Labelled labelled ? labelled.ref().get() : 0;
  }

  public static int sumOfRefList(List<ObjectRef<Integer>> refs) {
    return sumOfNestedRefs(refs);
  }

  public static int sumOfRefMap(java.util.Map<String, ObjectRef<Integer>> refs) {
    return sumOfNestedRefs(refs);
  }

  public static int sumOfLabelled(List<Labelled> values) {
    return sumOfNestedRefs(values);
  }

  /** A value class with no no-arg constructor and no Serializable. */
  public record Point(int x, int y) {}

  public static Point mirror(Point p) {
    return new Point(p.y(), p.x());
  }

  /** Kills its own worker the first time (marker file absent), succeeds on the retry. */
  public static String dieOnce(String markerFile) throws Exception {
    java.nio.file.Path marker = java.nio.file.Path.of(markerFile);
    if (!java.nio.file.Files.exists(marker)) {
      java.nio.file.Files.writeString(marker, "died");
      Runtime.getRuntime().halt(1);
    }
    return "survived";
  }

  public static void noop() {}

  /**
   * A value whose reading ({@code when = "read"}) or writing ({@code "write"}) throws an Error, as a deep graph's
   * StackOverflowError or a full heap's OutOfMemoryError would.
   */
  public static final class Bomb implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final String when;

    public Bomb(String when) {
      this.when = when;
    }

    private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
      if (when.equals("write")) {
        throw new OutOfMemoryError("test: no heap left to write the result");
      }
      out.defaultWriteObject();
    }

    private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
      in.defaultReadObject();
      if (when.equals("read")) {
        throw new StackOverflowError("test: the argument is too deep to read");
      }
    }
  }

  public static int take(Bomb bomb) {
    return 1;
  }

  public static Bomb makeBomb(String when) {
    return new Bomb(when);
  }

  /** Writes this worker's core worker port to {@code markerFile}, then sleeps; returns the worker's pid. */
  public static long portThenSleep(String markerFile, long ms) throws Exception {
    int port = ((RayRuntimeImpl) Ray.internal()).core().address().getPort();
    java.nio.file.Files.writeString(java.nio.file.Path.of(markerFile + ".tmp"), Integer.toString(port));
    java.nio.file.Files.move(java.nio.file.Path.of(markerFile + ".tmp"), java.nio.file.Path.of(markerFile),
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    Thread.sleep(ms);
    return ProcessHandle.current().pid();
  }

  /**
   * Marks that it runs (a file in {@code dir} named after its node), holds its lease until the test creates
   * {@code dir/release} (at most 2 minutes), then says which node it ran on.
   */
  public static String nodeIdWhenReleased(String dir) throws Exception {
    String node = Ray.getRuntimeContext().getCurrentNodeId().toHex();
    java.nio.file.Path base = java.nio.file.Path.of(dir);
    java.nio.file.Files.writeString(base.resolve(java.util.UUID.randomUUID() + "." + node), node);
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(2);
    while (!java.nio.file.Files.exists(base.resolve("release")) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return node;
  }

  /** Holds its lease for {@code ms}, then says which node it ran on. */
  public static String nodeIdAfter(long ms) throws InterruptedException {
    Thread.sleep(ms);
    return Ray.getRuntimeContext().getCurrentNodeId().toHex();
  }

  /** Writes this node's id to {@code markerFile}, then sleeps: a test can kill the node meanwhile. */
  public static String nodeIdAfterMarking(String markerFile, long sleepMs) throws Exception {
    String node = Ray.getRuntimeContext().getCurrentNodeId().toHex();
    java.nio.file.Files.writeString(java.nio.file.Path.of(markerFile + "." + node), node);
    Thread.sleep(sleepMs);
    return node;
  }

  /**
   * Leases the worker that "solo" fits once for a long task, waits until that task runs, and dies with the
   * lease still held.
   */
  public static int leaseSoloThenDie(String markerFile) throws Exception {
    Ray.task(TestFunctions::nodeIdAfterMarking, markerFile, 600_000L).setResource("solo", 1.0).remote();
    java.nio.file.Path dir = java.nio.file.Path.of(markerFile).getParent();
    String name = java.nio.file.Path.of(markerFile).getFileName() + ".";
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      try (var files = java.nio.file.Files.list(dir)) {
        if (files.anyMatch(f -> f.getFileName().toString().startsWith(name))) {
          Runtime.getRuntime().halt(1);
        }
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("the leased task never started");
  }

  /** Runs {@code depth} tasks, each waiting in get for the one it submitted: depth levels of blocked tasks. */
  public static int nestedDepth(int depth) {
    return depth == 0 ? 0 : 1 + Ray.task(TestFunctions::nestedDepth, depth - 1).remote().get();
  }

  /** {@code mb} MiB of pseudo-random bytes from {@code seed}. */
  public static int squareAfter(int x, long ms) throws InterruptedException {
    Thread.sleep(ms);
    return x * x;
  }

  public static int length(byte[] data) {
    return data.length;
  }

  public static byte[] randomBytes(int mb, long seed) {
    byte[] data = new byte[mb << 20];
    new java.util.SplittableRandom(seed).nextBytes(data);
    return data;
  }

  /** This worker's pid, and a ref to {@code mb} MiB it put (so this worker owns it). */
  public static List<Object> pidAndPut(int mb, long seed) {
    return List.of(ProcessHandle.current().pid(), Ray.put(randomBytes(mb, seed)));
  }

  /** As {@link #randomBytes}, leaving one new file in {@code runsDir} per run (a test counts the runs). */
  public static byte[] randomBytesCountingRuns(String runsDir, int mb, long seed) throws java.io.IOException {
    java.nio.file.Files.createTempFile(java.nio.file.Path.of(runsDir), "run-", "");
    return randomBytes(mb, seed);
  }

  /** A copy of {@code data} with every bit flipped (a task whose output depends on its input's every byte). */
  public static byte[] flipped(byte[] data) {
    byte[] out = new byte[data.length];
    for (int i = 0; i < data.length; i++) {
      out[i] = (byte) ~data[i];
    }
    return out;
  }

  public static long crc(byte[] data) {
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(data);
    return crc.getValue();
  }

  /** Prints {@code out} to stdout and {@code err} to stderr; returns this worker's pid and its stdout file. */
  public static String printLines(String out, String err) throws java.io.IOException {
    System.out.println(out);
    System.err.println(err);
    return ProcessHandle.current().pid() + " " + java.nio.file.Files.readSymbolicLink(
        java.nio.file.Path.of("/proc/self/fd/1"));
  }

  /**
   * Prints {@code line} once two workers run this (each leaves its pid in {@code dir}), then gives the other's line
   * half a second to reach the driver: the line surely comes from several workers within one aggregation window
   * (however slow workers are to start), and this worker's next one (which Ray's deduplication would print again
   * if no other worker had printed it) comes after.
   */
  public static long printWithAnotherWorker(String dir, String line) throws Exception {
    long pid = ProcessHandle.current().pid();
    java.nio.file.Path folder = java.nio.file.Path.of(dir);
    java.nio.file.Files.writeString(folder.resolve(String.valueOf(pid)), "");
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (folder.toFile().list().length < 2 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    System.out.println(line);
    Thread.sleep(500);
    return pid;
  }
}
