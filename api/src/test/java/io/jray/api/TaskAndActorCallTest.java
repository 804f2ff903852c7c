package io.jray.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.api.function.RayFunc1;
import io.jray.api.function.RayFunc2;
import io.jray.api.function.RayFunc6;
import io.jray.api.function.RayFuncVoid1;
import io.jray.api.options.ActorCallOptions;
import io.jray.api.options.ActorCreationOptions;
import io.jray.api.options.ActorLifetime;
import io.jray.api.options.CallOptions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TaskAndActorCallTest {

  private RecordingRuntime runtime;

  @BeforeEach
  void init() {
    Ray.init();
    runtime = RecordingRuntime.current();
  }

  @AfterEach
  void shutdown() {
    Ray.shutdown();
  }

  @Test
  @SuppressWarnings("unchecked")
  void taskPassesFunctionArgumentsAndOptionsThrough() throws Exception {
    ObjectRef<Integer> three = Ray.put(3);
    ObjectRef<Integer> sum = Ray.task(Fns::add, three, 4)
        .setResource("CPU", 2.0)
        .setResource("GPU", 1.0)
        .setName("add")
        .setMaxRetries(5)
        .setRetryExceptions(true)
        .remote();

    RecordingRuntime.Call call = runtime.last();
    assertEquals("call", call.kind());
    assertEquals(Arrays.asList(three, 4), call.args());
    assertEquals(7, ((RayFunc2<Integer, Integer, Integer>) call.func()).apply(3, 4));
    CallOptions options = (CallOptions) call.options();
    assertEquals(Map.of("CPU", 2.0, "GPU", 1.0), options.getResources());
    assertEquals("add", options.getName());
    assertEquals(5, options.getMaxRetries());
    assertTrue(options.isRetryExceptions());
    assertTrue(sum.getId() != null);
  }

  @Test
  void taskWithoutOptionsGetsRaysDefaults() {
    Ray.task(Fns::square, 3).remote();
    CallOptions options = (CallOptions) runtime.last().options();
    assertNull(options.getName());
    assertTrue(options.getResources().isEmpty());
    assertEquals(3, options.getMaxRetries());
    assertFalse(options.isRetryExceptions());
    assertNull(options.getPlacementGroup());
    assertEquals(-1, options.getBundleIndex());
  }

  @Test
  void anArgumentMayBeAValueOrAnObjectRefAtAnyPosition() {
    ObjectRef<Integer> b = Ray.put(2);
    ObjectRef<Double> d = Ray.put(4.0);
    ObjectRef<String> joined = Ray.task(Fns::join, "a", b, 3L, d, true, 'f').remote();
    assertEquals(Arrays.asList("a", b, 3L, d, true, 'f'), runtime.last().args());
    assertInstanceOf(RayFunc6.class, runtime.last().func());
    assertTrue(joined.getId() != null);
  }

  @Test
  @SuppressWarnings("unchecked")
  void voidTaskIsSubmittedWithItsArguments() throws Exception {
    Ray.task(Fns::log, "hello").setResources(Map.of("CPU", 0.5)).remote();
    RecordingRuntime.Call call = runtime.last();
    assertEquals("call", call.kind());
    assertEquals(List.of("hello"), call.args());
    ((RayFuncVoid1<String>) call.func()).apply("x");
    assertEquals(Map.of("CPU", 0.5), ((CallOptions) call.options()).getResources());
  }

  @Test
  void invalidResourceIsRejectedWhenSetNotWhenSubmitted() {
    int before = runtime.calls.size();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Ray.task(Fns::square, 3).setResource("CPU", 1.5));
    assertTrue(e.getMessage().contains("CPU") && e.getMessage().contains("1.5"), e.getMessage());
    assertEquals(before, runtime.calls.size());
  }

  @Test
  @SuppressWarnings("unchecked")
  void actorCreationPassesConstructorArgumentsAndOptionsThrough() throws Exception {
    ActorHandle<Fns.Counter> counter = Ray.actor(Fns.Counter::new, 10)
        .setName("counter", "ns")
        .setLifetime(ActorLifetime.DETACHED)
        .setMaxRestarts(2)
        .setMaxTaskRetries(1)
        .setMaxConcurrency(4)
        .setResource("CPU", 1.0)
        .setJvmOptions(List.of("-Xmx1g"))
        .remote();

    RecordingRuntime.Call call = runtime.last();
    assertEquals("createActor", call.kind());
    assertEquals(List.of(10), call.args());
    Fns.Counter made = ((RayFunc1<Integer, Fns.Counter>) call.func()).apply(10);
    assertEquals(11, made.add(1));
    ActorCreationOptions options = (ActorCreationOptions) call.options();
    assertEquals("counter", options.getName());
    assertEquals("ns", options.getNamespace());
    assertEquals(ActorLifetime.DETACHED, options.getLifetime());
    assertEquals(2, options.getMaxRestarts());
    assertEquals(1, options.getMaxTaskRetries());
    assertEquals(4, options.getMaxConcurrency());
    assertEquals(Map.of("CPU", 1.0), options.getResources());
    assertEquals(List.of("-Xmx1g"), options.getJvmOptions());
    assertTrue(counter.getId() != null);
  }

  @Test
  void actorCreationDefaultsAreRays() {
    Ray.actor(Fns.Counter::new, 0).remote();
    ActorCreationOptions options = (ActorCreationOptions) runtime.last().options();
    assertNull(options.getName());
    assertNull(options.getNamespace());
    assertEquals(ActorLifetime.NON_DETACHED, options.getLifetime());
    assertEquals(0, options.getMaxRestarts());
    assertEquals(0, options.getMaxTaskRetries());
    assertEquals(1, options.getMaxConcurrency());
    assertEquals(List.of(), options.getJvmOptions());
  }

  @Test
  @SuppressWarnings("unchecked")
  void actorCallPassesTheHandleAndTheArgumentsWithoutTheReceiver() throws Exception {
    ActorHandle<Fns.Counter> counter = Ray.actor(Fns.Counter::new, 10).remote();
    ObjectRef<Integer> five = Ray.put(5);
    ObjectRef<Integer> value = counter.task(Fns.Counter::add, five).setName("inc").remote();

    RecordingRuntime.Call call = runtime.last();
    assertEquals("callActor", call.kind());
    assertSame(counter, call.target());
    assertEquals(List.of(five), call.args());
    assertEquals("inc", ((ActorCallOptions) call.options()).getName());
    RayFunc2<Fns.Counter, Integer, Integer> method =
        (RayFunc2<Fns.Counter, Integer, Integer>) call.func();
    assertEquals(15, method.apply(new Fns.Counter(10), 5));
    assertTrue(value.getId() != null);

    counter.task(Fns.Counter::reset).remote();
    assertEquals(List.of(), runtime.last().args());
    assertNull(((ActorCallOptions) runtime.last().options()).getName());
  }

  @Test
  void namedActorIsFoundByNameAndNamespace() {
    ActorHandle<Fns.Counter> created =
        Ray.actor(Fns.Counter::new, 1).setName("counter", "ns").remote();
    Optional<ActorHandle<Fns.Counter>> found = Ray.getActor("counter", "ns");
    assertSame(created, found.orElseThrow());
    Optional<ActorHandle<Fns.Counter>> missing = Ray.getActor("counter");
    assertTrue(missing.isEmpty());
  }

  @Test
  void killDefaultsToNoRestart() {
    ActorHandle<Fns.Counter> counter = Ray.actor(Fns.Counter::new, 1).remote();
    counter.kill();
    assertEquals(List.of(true), runtime.last().args());
    assertSame(counter, runtime.last().target());
    counter.kill(false);
    assertEquals(List.of(false), runtime.last().args());
  }

  @Test
  void putThenGetReturnsTheValueThroughEveryGet() {
    ObjectRef<String> ref = Ray.put("v");
    assertEquals("v", ref.get());
    assertEquals(-1L, runtime.last().options());
    assertEquals("v", ref.get(250));
    assertEquals(250L, runtime.last().options());
    assertEquals("v", Ray.get(ref));
    assertEquals("v", Ray.get(ref, 100));
    assertEquals(List.of("v", "w"), Ray.get(List.of(ref, Ray.put("w"))));
  }

  @Test
  void waitOverloadsFillInRaysDefaults() {
    List<ObjectRef<Integer>> refs = List.of(Ray.put(1), Ray.put(2));
    WaitResult<Integer> all = Ray.wait(refs);
    assertEquals(List.of(refs, 2, -1L, true), runtime.last().args());
    assertEquals(refs, all.getReady());
    Ray.wait(refs, 1);
    assertEquals(List.of(refs, 1, -1L, true), runtime.last().args());
    WaitResult<Integer> one = Ray.wait(refs, 1, 100);
    assertEquals(List.of(refs, 1, 100L, true), runtime.last().args());
    assertEquals(List.of(refs.get(1)), one.getUnready());
    Ray.wait(refs, 2, 100, false);
    assertEquals(List.of(refs, 2, 100L, false), runtime.last().args());
    assertThrows(IllegalArgumentException.class, () -> Ray.wait(refs, 3));
  }

  @Test
  void cancelDefaultsToInterruptAndRecursive() {
    ObjectRef<Integer> ref = Ray.task(Fns::square, 3).remote();
    Ray.cancel(ref);
    assertEquals(List.of(false, true), runtime.last().args());
    assertSame(ref, runtime.last().target());
    Ray.cancel(ref, true, false);
    assertEquals(List.of(true, false), runtime.last().args());
  }

  @Test
  void exitActorReachesTheRuntime() {
    Ray.exitActor();
    assertEquals("exitActor", runtime.last().kind());
  }
}
