package io.jray.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.api.ActorHandle;
import io.jray.api.ObjectRef;
import io.jray.api.Ray;
import io.jray.api.concurrencygroup.annotations.DefConcurrencyGroup;
import io.jray.api.concurrencygroup.annotations.UseConcurrencyGroup;
import io.jray.api.exception.RayTaskException;
import io.jray.testing.Await;
import io.jray.testing.ClusterHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Async actors on a real one-node cluster: an actor whose methods return a {@code CompletableFuture} is called with
 * {@code asyncTask}; its calls start one at a time on its thread, up to maxConcurrency (1,000 unless set) of their
 * futures are incomplete at once, each call is answered with the value its future completes with, in whatever order
 * they complete, and a future that fails raises the call's error.
 */
@Timeout(300)
class AsyncActorTest {
  private static final long GET_MS = 60_000;
  private static ClusterHarness cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = ClusterHarness.create();
    try {
      cluster.startHead(s -> s.withNumCpus(2.0));
      Ray.init(cluster.gcsAddress().toString());
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  @AfterAll
  static void stopCluster() {
    Ray.shutdown();
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Calls park on a gate that a later call opens; a probe group counts them from a thread of its own. */
  @DefConcurrencyGroup(name = "probe", maxConcurrency = 1)
  public static class Gated {
    private final CompletableFuture<String> gate = new CompletableFuture<>();
    private final AtomicInteger parked = new AtomicInteger();
    private final AtomicInteger mostParked = new AtomicInteger();

    public CompletableFuture<String> park(int i) {
      mostParked.accumulateAndGet(parked.incrementAndGet(), Math::max);
      return gate.thenApply(v -> {
        parked.decrementAndGet();
        return v + " " + i;
      });
    }

    public String open(String value) {
      gate.complete(value);
      return "opened";
    }

    /** The same from the probe group's thread: the default one may be waiting for a permit. */
    @UseConcurrencyGroup(name = "probe")
    public String openAside(String value) {
      return open(value);
    }

    public CompletableFuture<Integer> fails() {
      return CompletableFuture.failedFuture(new IllegalStateException("async boom"));
    }

    @UseConcurrencyGroup(name = "probe")
    public int parked() {
      return parked.get();
    }

    @UseConcurrencyGroup(name = "probe")
    public int mostParked() {
      return mostParked.get();
    }
  }

  @Test
  void aCallWaitingOnItsFutureLeavesTheActorToTheCallsAfterIt() {
    ActorHandle<Gated> actor = Ray.actor(Gated::new).remote();
    List<ObjectRef<String>> parked = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      parked.add(actor.asyncTask(Gated::park, i).remote());
    }
    // All twenty are incomplete at once: a synchronous actor would answer the first before starting the second.
    Await.until("twenty calls park at once", Duration.ofSeconds(60),
        () -> actor.task(Gated::parked).remote().get(GET_MS) == 20);
    assertEquals("opened", actor.task(Gated::open, "gate").remote().get(GET_MS));
    for (int i = 0; i < 20; i++) {
      assertEquals("gate " + i, parked.get(i).get(GET_MS), "each call gets the value its own future completed with");
    }
  }

  @Test
  void maxConcurrencyBoundsTheIncompleteFutures() {
    ActorHandle<Gated> actor = Ray.actor(Gated::new).setMaxConcurrency(3).remote();
    List<ObjectRef<String>> parked = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      parked.add(actor.asyncTask(Gated::park, i).remote());
    }
    Await.until("three calls park", Duration.ofSeconds(60), () -> actor.task(Gated::parked).remote().get(GET_MS) == 3);
    // The fourth call waits for a permit on the actor's thread, so the gate is opened from the probe group's.
    assertEquals("opened", actor.task(Gated::openAside, "later").remote().get(GET_MS));
    for (int i = 0; i < 6; i++) {
      assertEquals("later " + i, parked.get(i).get(GET_MS));
    }
    assertEquals(3, actor.task(Gated::mostParked).remote().get(GET_MS), "never more than maxConcurrency at once");
  }

  @Test
  void aFailedFutureIsTheCallsError() {
    ActorHandle<Gated> actor = Ray.actor(Gated::new).remote();
    RayTaskException e = assertThrows(RayTaskException.class,
        () -> actor.asyncTask(Gated::fails).remote().get(GET_MS));
    assertTrue(String.valueOf(e.getMessage()).contains("async boom")
        || String.valueOf(e.getCause()).contains("async boom"), String.valueOf(e));
    assertEquals(0, actor.task(Gated::parked).remote().get(GET_MS), "the actor still answers");
  }
}
