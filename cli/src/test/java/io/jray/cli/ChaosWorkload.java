package io.jray.cli;

import io.jray.api.ActorHandle;
import io.jray.api.ObjectRef;
import io.jray.api.Ray;
import io.jray.api.exception.UnreconstructableException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The chaos suite's workload, driven from this JVM (the driver): loops that each wait on one thing at a time,
 * so a 2-core machine is busy but not drowned. Tasks with large values (object store) and small ones (inline),
 * their consumers, values a worker puts and hands back as nested refs, chains of dependent tasks, actors that
 * may restart, and puts. Every result is checked against the same function run here; every put is kept to be
 * read back at the end. Each loop draws from its own seeded {@link Random}.
 */
final class ChaosWorkload {
  /** Gets and waits give up after this: the suite's bound on how long any call may wait. */
  static final long GET_TIMEOUT_MS = 120_000;
  static final int LARGE = 1 << 20;
  static final int SMALL = 1 << 10;
  private static final int CHAIN = 5;
  private static final int MAX_PUTS = 30;
  /**
   * Worker puts kept to read back at the end: one whose owner was killed takes ~20 s to say so (the owner's
   * retry budget), so they are read 32 at a time and capped, which bounds the final check to about a minute.
   */
  private static final int MAX_WORKER_PUTS = 60;

  /** A value put (by the driver, or by a worker and handed back), with what it must read back as. */
  record Put(ObjectRef<byte[]> ref, int size, long seed, String by) {}

  private final long seed;
  private final ChaosOutcomes outcomes;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final List<Thread> threads = new ArrayList<>();
  private final List<Put> puts = new ArrayList<>();
  private final ActorLoop actors = new ActorLoop();

  ChaosWorkload(long seed, ChaosOutcomes outcomes) {
    this.seed = seed;
    this.outcomes = outcomes;
  }

  /**
   * One round of each kind before any kill, outside the judged outcomes: the job's code is shipped and the first
   * workers start while nothing is dying, so the first judged calls measure the chaos, not the start-up.
   */
  void warmUp() {
    ChaosOutcomes warm = new ChaosOutcomes();
    ChaosWorkload w = new ChaosWorkload(seed - 1, warm);
    Random random = new Random(seed - 1);
    w.taskRound(random);
    w.chainRound(random);
    try {
      w.actors.round(random);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    w.actors.end();
    if (warm.failures() > 0) {
      throw new AssertionError("the workload failed before any kill: " + warm);
    }
  }

  void start() {
    loop("tasks", 1, this::taskRound);
    loop("chains", 2, this::chainRound);
    loop("actors", 3, actors::round);
    loop("puts", 4, this::putRound);
  }

  private interface Round {
    void run(Random random) throws Exception;
  }

  private void loop(String name, int salt, Round round) {
    Random random = new Random(seed * 31 + salt);
    Thread thread = new Thread(() -> {
      while (!stop.get()) {
        try {
          round.run(random);
        } catch (InterruptedException e) {
          return;
        } catch (io.jray.api.exception.RayException e) {
          outcomes.rayError(e); // a submission refused by a dying part of the cluster, say
        } catch (Exception | Error e) {
          outcomes.wrong(name + " loop: " + e);
        }
      }
    }, "chaos-" + name);
    thread.setDaemon(true);
    threads.add(thread);
    thread.start();
  }

  /** Ends the loops after their current round; false if one is still waiting after {@code timeoutMs}. */
  boolean stopAndJoin(long timeoutMs) throws InterruptedException {
    stop.set(true);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    for (Thread t : threads) {
      t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      if (t.isAlive()) {
        return false;
      }
    }
    actors.end();
    return true;
  }

  /** A value made by a task and read by another, every third one also here; every fourth round, nested puts. */
  private void taskRound(Random random) {
    int size = random.nextBoolean() ? LARGE : SMALL;
    long s = random.nextLong();
    long expected = ChaosFunctions.crc(ChaosFunctions.bytes(size, s));
    ObjectRef<byte[]> data = Ray.task(ChaosFunctions::bytes, size, s).setMaxRetries(5).remote();
    ObjectRef<Long> crc = Ray.task(ChaosFunctions::crc, data).setMaxRetries(5).remote();
    outcomes.call("task", "crc of " + size + " bytes", () -> crc.get(GET_TIMEOUT_MS), v -> v == expected);
    if (random.nextInt(3) == 0) {
      outcomes.call("task", "read of " + size + " bytes", () -> data.get(GET_TIMEOUT_MS),
          v -> ChaosFunctions.crc(v) == expected);
    }
    if (random.nextInt(4) == 0) {
      nestedRound(random);
    }
  }

  private void nestedRound(Random random) {
    long s = random.nextLong();
    int size = LARGE / 4;
    ObjectRef<List<ObjectRef<byte[]>>> made = Ray.task(ChaosFunctions::puts, 3, size, s).setMaxRetries(5).remote();
    List<ObjectRef<byte[]>> refs = outcomes.call("nested", "refs put by a worker", () -> made.get(GET_TIMEOUT_MS),
        v -> v.size() == 3);
    if (refs == null) {
      return;
    }
    long expected = 0;
    boolean keepThem;
    synchronized (puts) {
      keepThem = puts.stream().filter(p -> p.by().equals("a worker")).count() < MAX_WORKER_PUTS;
    }
    for (int i = 0; i < refs.size(); i++) {
      if (keepThem) {
        keep(new Put(refs.get(i), size, s + i, "a worker"));
      }
      expected += ChaosFunctions.crc(ChaosFunctions.bytes(size, s + i));
    }
    long sum = expected;
    ObjectRef<Long> read = Ray.task(ChaosFunctions::crcOfAll, refs).setMaxRetries(5).remote();
    outcomes.call("nested", "crc of nested refs", () -> read.get(GET_TIMEOUT_MS), v -> v == sum);
  }

  /** A chain of dependent tasks over one value; only the last link's CRC is read. */
  private void chainRound(Random random) {
    long s = random.nextLong();
    int size = LARGE / 2;
    byte[] local = ChaosFunctions.bytes(size, s);
    ObjectRef<byte[]> link = Ray.task(ChaosFunctions::bytes, size, s).setMaxRetries(5).remote();
    for (int k = 0; k < CHAIN; k++) {
      local = ChaosFunctions.step(local, k);
      link = Ray.task(ChaosFunctions::step, link, k).setMaxRetries(5).remote();
    }
    long expected = ChaosFunctions.crc(local);
    ObjectRef<byte[]> last = link;
    ObjectRef<Long> crc = Ray.task(ChaosFunctions::crc, last).setMaxRetries(5).remote();
    outcomes.call("chain", "crc of a chain of " + CHAIN, () -> crc.get(GET_TIMEOUT_MS), v -> v == expected);
  }

  /** A value put here, and one put earlier read back at once. */
  private void putRound(Random random) throws InterruptedException {
    Thread.sleep(500); // a put is cheap: pace them so the store holds at most MAX_PUTS MiB of them
    synchronized (puts) {
      if (puts.stream().filter(p -> p.by().equals("the driver")).count() >= MAX_PUTS) {
        return;
      }
    }
    long s = random.nextLong();
    keep(new Put(Ray.put(ChaosFunctions.bytes(LARGE, s)), LARGE, s, "the driver"));
    Put earlier;
    synchronized (puts) {
      earlier = puts.get(random.nextInt(puts.size()));
    }
    readBack(earlier, outcomes);
  }

  /** Reads a put back: it must be the value put, or an UnreconstructableException (its copy or owner is gone). */
  static void readBack(Put put, ChaosOutcomes into) {
    long expected = ChaosFunctions.crc(ChaosFunctions.bytes(put.size(), put.seed()));
    try {
      byte[] value = put.ref().get(GET_TIMEOUT_MS);
      if (ChaosFunctions.crc(value) != expected) {
        into.wrong("put by " + put.by() + " read back different");
      }
    } catch (UnreconstructableException lost) {
      // allowed: its only copy's node or its owner died
    } catch (RuntimeException e) {
      into.call("put", "read back of a put by " + put.by(), () -> {
        throw e;
      }, v -> false);
    }
  }

  /**
   * Reads every put back at once: a value whose owner (a killed worker) is gone takes its reader the owner's
   * whole retry budget to learn so (about 20 s), so one at a time they would add up.
   */
  static void readBackAll(List<Put> all, ChaosOutcomes into) throws InterruptedException {
    java.util.concurrent.ExecutorService readers = java.util.concurrent.Executors.newFixedThreadPool(32);
    try {
      all.forEach(p -> readers.execute(() -> readBack(p, into)));
    } finally {
      readers.shutdown();
    }
    if (!readers.awaitTermination(GET_TIMEOUT_MS * 2, TimeUnit.MILLISECONDS)) {
      readers.shutdownNow();
      into.wrong("the puts were not all read back within " + GET_TIMEOUT_MS * 2 / 1000 + " s");
    }
  }

  private void keep(Put put) {
    synchronized (puts) {
      puts.add(put);
    }
  }

  List<Put> puts() {
    synchronized (puts) {
      return List.copyOf(puts);
    }
  }

  /** An actor that restarts when its worker or node dies; replaced when it is dead for good. */
  private final class ActorLoop {
    private ActorHandle<ChaosFunctions.Digester> actor;
    private int calls;

    void round(Random random) throws InterruptedException {
      Thread.sleep(100); // actor calls are quick: paced, so they leave the machine's two cores to the rest
      if (actor == null || calls++ % 25 == 24) {
        end();
        actor = Ray.actor(ChaosFunctions.Digester::new).setMaxRestarts(10).setMaxTaskRetries(3).remote();
      }
      int size = 64 << 10;
      long s = random.nextLong();
      long expected = ChaosFunctions.crc(ChaosFunctions.bytes(size, s));
      ObjectRef<Long> digest = actor.task(ChaosFunctions.Digester::digest, size, s).remote();
      if (outcomes.call("actor", "digest", () -> digest.get(GET_TIMEOUT_MS), got -> got == expected) == null) {
        end(); // dead past its restarts, or its call was lost: the next round makes another
      }
    }

    /**
     * Kills the current actor for good: a replaced actor left alive would be restarted with every node that dies,
     * and a few of those worker JVMs are enough to starve a 2-core machine.
     */
    void end() {
      if (actor != null) {
        try {
          actor.kill();
        } catch (RuntimeException alreadyDead) {
          // dead for good already, or its kill waits for a GCS that restarts: it ends with the job
        }
        actor = null;
      }
    }
  }

  /** After the chaos, with a fresh node: every kind of call must simply work. */
  static void healthyRound(long seed, ChaosOutcomes strict) {
    ChaosWorkload w = new ChaosWorkload(seed, strict);
    Random random = new Random(seed);
    long t0 = System.nanoTime();
    for (int i = 0; i < 4; i++) {
      w.taskRound(random);
    }
    long t1 = System.nanoTime();
    w.nestedRound(random);
    long t2 = System.nanoTime();
    w.chainRound(random);
    long t3 = System.nanoTime();
    ActorHandle<ChaosFunctions.Digester> actor = Ray.actor(ChaosFunctions.Digester::new).remote();
    long t4 = System.nanoTime();
    for (int i = 0; i < 3; i++) {
      long s = random.nextLong();
      long expected = ChaosFunctions.crc(ChaosFunctions.bytes(SMALL, s));
      strict.call("actor", "digest", () -> actor.task(ChaosFunctions.Digester::digest, SMALL, s).remote()
          .get(GET_TIMEOUT_MS), v -> v == expected);
    }
    long t5 = System.nanoTime();
    actor.kill();
    long t6 = System.nanoTime();
    long s = random.nextLong();
    ObjectRef<byte[]> put = Ray.put(ChaosFunctions.bytes(LARGE, s));
    strict.call("put", "read back", () -> put.get(GET_TIMEOUT_MS),
        v -> Arrays.equals(v, ChaosFunctions.bytes(LARGE, s)));
    long t7 = System.nanoTime();
    try {
      readBackAll(w.puts(), strict);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    long t8 = System.nanoTime();
    System.out.printf("chaos healed round (ms): tasks %d, nested %d, chain %d, actor created %d, calls %d, kill %d,"
        + " put %d, nested puts read %d%n", (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000,
        (t4 - t3) / 1_000_000, (t5 - t4) / 1_000_000, (t6 - t5) / 1_000_000, (t7 - t6) / 1_000_000,
        (t8 - t7) / 1_000_000);
  }

}
