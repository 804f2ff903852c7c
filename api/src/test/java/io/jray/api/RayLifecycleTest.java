package io.jray.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.api.id.ObjectId;
import io.jray.api.id.PlacementGroupId;
import io.jray.api.options.PlacementGroupCreationOptions;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class RayLifecycleTest {

  @AfterEach
  void shutdown() {
    Ray.shutdown();
  }

  @Test
  void everyCallBeforeInitThrowsIllegalStateNamingRayInit() {
    ObjectRef<Integer> ref = new RecordingRuntime.Ref<>(ObjectId.fromRandom());
    List<Executable> calls = List.of(
        () -> Ray.put(1),
        () -> Ray.get(ref),
        () -> Ray.get(ref, 10),
        () -> Ray.get(List.of(ref)),
        () -> Ray.get(List.of(ref), 10),
        () -> Ray.wait(List.of(ref)),
        () -> Ray.wait(List.of(ref), 1),
        () -> Ray.wait(List.of(ref), 1, 10),
        () -> Ray.wait(List.of(ref), 1, 10, false),
        () -> Ray.task(Fns::square, 3).remote(),
        () -> Ray.task(Fns::log, "x").remote(),
        () -> Ray.actor(Fns.Counter::new, 1).remote(),
        () -> Ray.getActor("counter"),
        () -> Ray.getActor("counter", "ns"),
        () -> Ray.cancel(ref),
        () -> Ray.cancel(ref, true, false),
        () -> Ray.exitActor(),
        () -> Ray.getRuntimeContext(),
        () -> Ray.internal(),
        () -> ref.get(),
        () -> ref.get(10),
        () -> new RecordingRuntime.Handle<Fns.Counter>(null).kill(),
        () -> PlacementGroups.createPlacementGroup(new PlacementGroupCreationOptions.Builder()
            .setBundles(List.of(Map.of("CPU", 1.0))).build()),
        () -> PlacementGroups.getPlacementGroup(PlacementGroupId.fromRandom()),
        () -> PlacementGroups.removePlacementGroup(PlacementGroupId.fromRandom()));
    for (Executable call : calls) {
      IllegalStateException e = assertThrows(IllegalStateException.class, call);
      assertTrue(e.getMessage().contains("Ray.init()"), e.getMessage());
    }
  }

  @Test
  void isInitializedFollowsInitAndShutdown() {
    assertFalse(Ray.isInitialized());
    Ray.init();
    assertTrue(Ray.isInitialized());
    Ray.shutdown();
    assertFalse(Ray.isInitialized());
  }

  @Test
  void shutdownWhenNotInitializedDoesNothing() {
    Ray.shutdown();
    Ray.shutdown();
    assertFalse(Ray.isInitialized());
  }

  @Test
  void shutdownStopsTheRuntimeOnce() {
    Ray.init();
    RecordingRuntime runtime = RecordingRuntime.current();
    Ray.shutdown();
    Ray.shutdown();
    assertEquals(1, runtime.shutdowns);
  }

  @Test
  void initPassesTheAddressToTheFactory() {
    Ray.init();
    assertNull(RecordingRuntime.current().address);
    Ray.shutdown();
    Ray.init("auto");
    assertEquals("auto", RecordingRuntime.current().address);
  }

  @Test
  void secondInitIsIgnoredAndKeepsTheFirstRuntime() {
    Ray.init("10.0.0.1:6379");
    RecordingRuntime first = RecordingRuntime.current();
    Ray.init("local");
    assertSame(first, Ray.internal());
    assertEquals("10.0.0.1:6379", first.address);
    assertEquals(0, first.shutdowns);
  }

  @Test
  void initCanFollowShutdown() {
    Ray.init();
    RecordingRuntime first = RecordingRuntime.current();
    Ray.shutdown();
    Ray.init();
    assertTrue(Ray.isInitialized());
    assertFalse(first == Ray.internal());
  }

  @Test
  void lookupFindsTheRegisteredFactory() {
    assertInstanceOf(RecordingRuntimeFactory.class,
        RuntimeFactoryLookup.find(getClass().getClassLoader()));
  }

  @Test
  void lookupWithoutARuntimeOnTheClasspathNamesJrayRuntime() throws Exception {
    try (URLClassLoader empty =
        new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> RuntimeFactoryLookup.find(empty, null));
      assertTrue(e.getMessage().contains("jray-runtime must be on the classpath"), e.getMessage());
    }
  }
}
