package io.jray.dropintests.drivers;

import io.ray.api.ActorHandle;
import io.ray.api.Ray;
import io.ray.api.exception.RayTaskException;
import io.ray.api.function.CppFunction;
import io.ray.api.function.PyFunction;

/** Ray's exceptions from failing tasks and actor methods, and the one-sentence refusals of what jray lacks. */
public final class Errors {
  private Errors() {}

  public static void main(String[] args) {
    Ray.init();
    try {
      Ray.task(Fns::fail, "boom").remote().get();
      Report.line("task", "no exception");
    } catch (RayTaskException e) {
      Report.line("task", "RayTaskException");
      Report.line("taskCause", e.getCause().getClass().getName());
      Report.line("taskCauseMessage", e.getCause().getMessage());
      Report.line("taskMessageNamesBoom", e.getMessage().contains("boom"));
    }
    ActorHandle<Counter> counter = Ray.actor(Counter::new, 0).remote();
    try {
      counter.task(Counter::failWith, "bad input").remote().get();
      Report.line("actorMethod", "no exception");
    } catch (RayTaskException e) {
      Report.line("actorMethod", "RayTaskException");
      Report.line("actorMethodCause", e.getCause().getClass().getName());
    }
    Report.line("actorAliveAfterFailure", counter.task(Counter::increment, 1).remote().get());
    Report.line("nestedCatch", Ray.task(Fns::catchesNestedFailure).remote().get());
    try {
      Ray.task(PyFunction.of("my_module", "my_function")).remote();
    } catch (UnsupportedOperationException e) {
      Report.line("python", e.getMessage());
    }
    try {
      Ray.task(CppFunction.of("my_function")).remote();
    } catch (UnsupportedOperationException e) {
      Report.line("cpp", e.getMessage());
    }
    try {
      Ray.internal().getParallelActorContext();
    } catch (UnsupportedOperationException e) {
      Report.line("parallelActors", e.getMessage());
    }
    Ray.shutdown();
    Report.line("done", true);
  }
}
