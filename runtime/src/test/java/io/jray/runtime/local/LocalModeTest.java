package io.jray.runtime.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.api.ActorHandle;
import io.jray.api.ObjectRef;
import io.jray.api.Ray;
import io.jray.api.WaitResult;
import io.jray.api.concurrencygroup.ConcurrencyGroupBuilder;
import io.jray.api.exception.PendingCallsLimitExceededException;
import io.jray.api.exception.RayActorException;
import io.jray.api.exception.RayTaskException;
import io.jray.api.exception.RayTimeoutException;
import io.jray.api.exception.TaskCancelledException;
import io.jray.api.id.ActorId;
import io.jray.api.placementgroup.PlacementGroup;
import io.jray.api.options.PlacementGroupCreationOptions;
import io.jray.runtime.serialization.ValueRefusedException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Local mode ({@code jray.run-mode=LOCAL}): tasks and actors on threads of this JVM, with a cluster's behaviour. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LocalModeTest {

  @BeforeAll
  static void init() {
    System.setProperty("jray.run-mode", "LOCAL");
    try {
      Ray.init();
    } finally {
      System.clearProperty("jray.run-mode");
    }
  }

  @AfterAll
  static void shutdown() {
    Ray.shutdown();
  }

  // ---- functions and actors used by the tests

  static int square(int x) {
    return x * x;
  }

  static int sumOfSquares(int n) {
    List<ObjectRef<Integer>> parts = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      parts.add(Ray.task(LocalModeTest::square, i).remote());
    }
    return Ray.get(parts).stream().mapToInt(Integer::intValue).sum();
  }

  static int addAll(List<ObjectRef<Integer>> refs) {
    return Ray.get(refs).stream().mapToInt(Integer::intValue).sum();
  }

  static int fail(String why) {
    throw new IllegalStateException(why);
  }

  static int sleepy(int ms) throws InterruptedException {
    Thread.sleep(ms);
    return ms;
  }

  static int[] mutate(int[] values) {
    values[0] = -1;
    return values;
  }

  static String actorIdOfTask() {
    return String.valueOf(Ray.getRuntimeContext().getCurrentActorId());
  }

  static Object uri() {
    return URI.create("http://example.com");
  }

  static Object url() throws Exception {
    return URI.create("http://example.com").toURL();
  }

  /** Records the order its calls arrive in; its constructor is slow, so early calls come before it finished. */
  public static class Recorder {
    private final List<Integer> seen = new ArrayList<>();

    public Recorder(int constructionMs) throws InterruptedException {
      Thread.sleep(constructionMs);
    }

    public int record(int i) {
      seen.add(i);
      return seen.size();
    }

    public List<Integer> seen() {
      return seen;
    }

    public String myId() {
      return Ray.getRuntimeContext().getCurrentActorId().toHex();
    }

    public boolean restarted() {
      return Ray.getRuntimeContext().wasCurrentActorRestarted();
    }

    public int leave() {
      Ray.exitActor();
      return 0;
    }

    public int block(int ms) throws InterruptedException {
      Thread.sleep(ms);
      return ms;
    }
  }

  public static class Gate {
    private final CountDownLatch open = new CountDownLatch(1);

    public boolean waitOpen() throws InterruptedException {
      return open.await(20, TimeUnit.SECONDS);
    }

    public boolean open() {
      open.countDown();
      return true;
    }
  }

  /** An async actor: its calls' futures wait on a gate that a later call opens. */
  public static class AsyncGate {
    private final java.util.concurrent.CompletableFuture<String> gate = new java.util.concurrent.CompletableFuture<>();

    public java.util.concurrent.CompletableFuture<String> park(int i) {
      return gate.thenApply(v -> v + " " + i);
    }

    public java.util.concurrent.CompletableFuture<String> fails() {
      return java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException("async boom"));
    }

    public String open(String value) {
      gate.complete(value);
      return "opened";
    }
  }

  // ---- tests

  @Test
  void anAsyncActorsCallsWaitOnTheirFuturesWithoutHoldingTheActor() {
    ActorHandle<AsyncGate> actor = Ray.actor(AsyncGate::new).remote();
    List<ObjectRef<String>> parked = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      parked.add(actor.asyncTask(AsyncGate::park, i).remote());
    }
    assertEquals("opened", Ray.get(actor.task(AsyncGate::open, "gate").remote(), 20_000));
    for (int i = 0; i < 5; i++) {
      assertEquals("gate " + i, Ray.get(parked.get(i), 20_000));
    }
    RayTaskException e = assertThrows(RayTaskException.class,
        () -> Ray.get(actor.asyncTask(AsyncGate::fails).remote(), 20_000));
    assertInstanceOf(IllegalStateException.class, e.getCause());
  }

  @Test
  void contextSaysLocalMode() {
    assertTrue(Ray.getRuntimeContext().isLocalMode());
    assertEquals(1, Ray.getRuntimeContext().getAllNodeInfo().size());
    assertThrows(IllegalStateException.class, () -> Ray.getRuntimeContext().getCurrentActorId());
  }

  @Test
  void tasksNestedTasksAndRefsInContainers() {
    assertEquals(49, Ray.get(Ray.task(LocalModeTest::square, 7).remote()));
    assertEquals(55, Ray.get(Ray.task(LocalModeTest::sumOfSquares, 5).remote()));
    List<ObjectRef<Integer>> refs = List.of(Ray.put(1), Ray.task(LocalModeTest::square, 3).remote());
    assertEquals(10, Ray.get(Ray.task(LocalModeTest::addAll, refs).remote()));
    // A ref argument stands for its value.
    assertEquals(81, Ray.get(Ray.task(LocalModeTest::square, Ray.task(LocalModeTest::square, 3).remote()).remote()));
  }

  @Test
  void valuesAreCopiedThroughSerialization() {
    int[] mine = {1, 2, 3};
    int[] back = Ray.get(Ray.task(LocalModeTest::mutate, mine).remote());
    assertEquals(1, mine[0], "the task got a copy, not the caller's array");
    assertEquals(-1, back[0]);
    int[] put = {5};
    ObjectRef<int[]> ref = Ray.put(put);
    put[0] = 6;
    assertEquals(5, Ray.get(ref)[0], "a put stores the value as it was");
  }

  @Test
  void aValueThatCannotCrossProcessesFailsHereToo() {
    assertEquals(URI.create("http://example.com"), Ray.get(Ray.task(LocalModeTest::uri).remote()));
    // java.net.URL is refused between processes (a deserialization gadget): the same here.
    RayTaskException e = assertThrows(RayTaskException.class, () -> Ray.get(Ray.task(LocalModeTest::url).remote()));
    assertTrue(e.toString().contains("URL"), e.toString());
    assertThrows(ValueRefusedException.class, () -> Ray.put(URI.create("http://x").toURL()));
  }

  @Test
  void exceptionsTimeoutsWaitAndCancel() throws Exception {
    RayTaskException e = assertThrows(RayTaskException.class,
        () -> Ray.get(Ray.task(LocalModeTest::fail, "boom").remote()));
    assertInstanceOf(IllegalStateException.class, e.getCause());
    assertTrue(e.getMessage().contains("boom"), e.getMessage());

    ObjectRef<Integer> slow = Ray.task(LocalModeTest::sleepy, 3000).remote();
    assertThrows(RayTimeoutException.class, () -> Ray.get(slow, 50));
    ObjectRef<Integer> fast = Ray.task(LocalModeTest::sleepy, 1).remote();
    WaitResult<Integer> waited = Ray.wait(List.of(slow, fast), 1, 2000);
    assertEquals(List.of(fast), waited.getReady());
    assertEquals(List.of(slow), waited.getUnready());
    Ray.cancel(slow);
    assertThrows(TaskCancelledException.class, () -> Ray.get(slow, 5000));
  }

  @Test
  void actorCallsKeepTheirOrderEvenBeforeCreationFinished() {
    // Ray 2.39's local mode ran early calls out of order in 130 to 208 of 300 fresh actors; a cluster never does.
    for (int a = 0; a < 30; a++) {
      ActorHandle<Recorder> actor = Ray.actor(Recorder::new, a % 3).remote();
      List<ObjectRef<Integer>> calls = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        calls.add(actor.task(Recorder::record, i).remote());
      }
      assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), Ray.get(calls));
      assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), Ray.get(actor.task(Recorder::seen).remote()));
    }
  }

  @Test
  void namedActorsKillRestartAndExit() {
    ActorHandle<Recorder> actor = Ray.actor(Recorder::new, 0).setName("local-recorder").setMaxRestarts(1).remote();
    assertEquals(actor.getId().toHex(), Ray.get(actor.task(Recorder::myId).remote()));
    ActorHandle<Recorder> found = Ray.<ActorHandle<Recorder>>getActor("local-recorder").orElseThrow();
    assertEquals(actor.getId(), found.getId());
    assertThrows(IllegalArgumentException.class, () -> Ray.actor(Recorder::new, 0).setName("local-recorder").remote());

    assertFalse(Ray.get(actor.task(Recorder::restarted).remote()));
    actor.kill(false); // one restart allowed
    assertTrue(Ray.get(actor.task(Recorder::restarted).remote()), "the actor came back as a new instance");
    assertEquals(List.of(), Ray.get(actor.task(Recorder::seen).remote()));
    actor.kill(true);
    assertThrows(RayActorException.class, () -> Ray.get(actor.task(Recorder::record, 1).remote()));
    assertTrue(Ray.getActor("local-recorder").isEmpty(), "a dead actor's name is free");

    ActorHandle<Recorder> leaving = Ray.actor(Recorder::new, 0).remote();
    assertThrows(RayActorException.class, () -> Ray.get(leaving.task(Recorder::leave).remote()));
    assertThrows(RayActorException.class, () -> Ray.get(leaving.task(Recorder::record, 1).remote()));
  }

  @Test
  void runtimeContextInsideTasksAndActors() {
    assertThrows(RayTaskException.class, () -> Ray.get(Ray.task(LocalModeTest::actorIdOfTask).remote()));
    ActorHandle<Recorder> actor = Ray.actor(Recorder::new, 0).remote();
    ActorId id = actor.getId();
    assertEquals(id.toHex(), Ray.get(actor.task(Recorder::myId).remote()));
  }

  @Test
  void concurrencyGroupsRunApartFromTheDefaultGroup() {
    // One default thread, blocked in waitOpen; open() is in a group of its own, so it can run meanwhile.
    ActorHandle<Gate> gate = Ray.actor(Gate::new)
        .setConcurrencyGroups(new ConcurrencyGroupBuilder<Gate>().setName("control").setMaxConcurrency(1)
            .addMethod(Gate::open).build())
        .remote();
    ObjectRef<Boolean> waiting = gate.task(Gate::waitOpen).remote();
    assertTrue(Ray.get(gate.task(Gate::open).remote()));
    assertTrue(Ray.get(waiting, 20_000), "open() ran while waitOpen() held the default thread");
    RayTaskException unknown = assertThrows(RayTaskException.class,
        () -> Ray.get(gate.task(Gate::open).setConcurrencyGroup("nope").remote()));
    assertTrue(unknown.getMessage().contains("no concurrency group named nope"), unknown.getMessage());
  }

  @Test
  void maxPendingCallsRefusesPastTheLimit() {
    ActorHandle<Recorder> actor = Ray.actor(Recorder::new, 0).setMaxPendingCalls(2).remote();
    ObjectRef<Integer> first = actor.task(Recorder::block, 1000).remote();
    ObjectRef<Integer> second = actor.task(Recorder::block, 1).remote();
    PendingCallsLimitExceededException e = assertThrows(PendingCallsLimitExceededException.class,
        () -> actor.task(Recorder::record, 1).remote());
    assertEquals(actor.getId(), e.getActorId());
    Ray.get(List.of(first, second));
    assertEquals(1, Ray.get(actor.task(Recorder::record, 1).remote()), "calls go again once earlier ones finished");
  }

  @Test
  void placementGroupsAreAcceptedAtOnce() {
    PlacementGroup group = io.jray.api.PlacementGroups.createPlacementGroup(new PlacementGroupCreationOptions.Builder()
        .setBundles(List.of(Map.of("CPU", 1.0))).build());
    assertTrue(group.wait(1));
    assertNotEquals(null, io.jray.api.PlacementGroups.getPlacementGroup(group.getId()));
  }
}
