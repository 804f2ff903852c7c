package io.jray.runtime;

import io.jray.api.ActorHandle;
import io.jray.api.ObjectRef;
import io.jray.api.Ray;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A test actor: state kept across calls, and hooks to observe concurrency, restarts and placement. */
public class Counter {
  private int value;
  private final AtomicInteger running = new AtomicInteger();
  private int maxRunning;

  public Counter(int start) {
    this.value = start;
  }

  public int increment(int by) {
    value += by;
    return value;
  }

  public int get() {
    return value;
  }

  /** Returns the value before adding: a caller can check its calls ran in order. */
  public int appendAndGet(int expected) {
    if (value != expected) {
      throw new IllegalStateException("out of order: expected " + expected + " but was " + value);
    }
    return value++;
  }

  public int slowOverlap(long ms) throws InterruptedException {
    int now = running.incrementAndGet();
    synchronized (this) {
      maxRunning = Math.max(maxRunning, now);
    }
    Thread.sleep(ms);
    running.decrementAndGet();
    return now;
  }

  public synchronized int maxRunning() {
    return maxRunning;
  }

  /** {@code mb} MiB of pseudo-random bytes from {@code seed}: a large return, kept in this node's object store. */
  public byte[] bytes(int mb, long seed) {
    return TestFunctions.randomBytes(mb, seed);
  }

  public boolean wasRestarted() {
    return Ray.getRuntimeContext().wasCurrentActorRestarted();
  }

  /** The actor id this actor sees for itself, and the job id in it, in hex. */
  public List<String> ownIds() {
    io.jray.api.id.ActorId own = Ray.getRuntimeContext().getCurrentActorId();
    return List.of(own.toHex(), own.getJobId().toHex());
  }

  public long pid() {
    return ProcessHandle.current().pid();
  }

  public String nodeId() {
    return Ray.getRuntimeContext().getCurrentNodeId().toHex();
  }

  public int die() {
    Runtime.getRuntime().halt(1);
    return 0;
  }

  public int exit() {
    Ray.exitActor();
    return 0;
  }

  /** A task that calls an actor through a handle it was given. */
  public static int incrementThrough(ActorHandle<Counter> counter, int by) {
    ObjectRef<Integer> ref = counter.task(Counter::increment, by).remote();
    return ref.get();
  }
}
