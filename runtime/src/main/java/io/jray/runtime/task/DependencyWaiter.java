package io.jray.runtime.task;

import io.jray.proto.TaskSpec;
import io.jray.runtime.object.StoredObject;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Waits for a task's own ref arguments (Ray's local dependency resolver): once every value this process owns
 * that the task reads is known, the task goes on with its small values inlined and the stored ones' places
 * known; an argument that is an error ends the task with that error instead. Stateless; the callbacks run on
 * the thread that completed the last argument (or the caller's, when all are known already).
 */
final class DependencyWaiter {
  private DependencyWaiter() {}

  /**
   * @param dependencies argument index -> its value's future (the arguments this process owns)
   * @param ready gets the spec with small values inlined and every argument's value, by index
   * @param failed gets the first argument that is an error
   */
  static void whenResolved(TaskSpec spec, Map<Integer, CompletableFuture<StoredObject>> dependencies,
      BiConsumer<TaskSpec, Map<Integer, StoredObject>> ready, Consumer<StoredObject> failed) {
    if (dependencies.isEmpty()) {
      ready.accept(spec, Map.of());
      return;
    }
    CompletableFuture.allOf(dependencies.values().toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
      Map<Integer, StoredObject> known = new HashMap<>();
      for (Map.Entry<Integer, CompletableFuture<StoredObject>> dep : dependencies.entrySet()) {
        StoredObject value = dep.getValue().join();
        if (value.isError()) {
          failed.accept(value);
          return;
        }
        known.put(dep.getKey(), value);
      }
      ready.accept(InlinedArgs.inline(spec, known), known);
    });
  }
}
