package io.jray.dropintests.drivers;

import io.ray.api.ActorHandle;
import io.ray.api.Ray;
import io.ray.api.options.ActorLifetime;
import java.util.Optional;

/**
 * {@code create}: a detached named actor that outlives this driver; {@code find}: a later driver (same
 * {@code ray.job.namespace}) finds it by name, calls it and kills it.
 */
public final class DetachedActors {
  private DetachedActors() {}

  public static void main(String[] args) {
    Ray.init();
    if (args[0].equals("create")) {
      ActorHandle<Counter> keeper = Ray.actor(Counter::new, 41).setName("keeper")
          .setLifetime(ActorLifetime.DETACHED).remote();
      Report.line("created", keeper.task(Counter::increment, 1).remote().get());
    } else {
      Report.line("namespace", Ray.getRuntimeContext().getNamespace());
      Optional<ActorHandle<Counter>> keeper = Ray.getActor("keeper");
      Report.line("found", keeper.isPresent());
      Report.line("value", keeper.get().task(Counter::get).remote().get());
      keeper.get().kill();
    }
    Ray.shutdown();
    Report.line("done", true);
  }
}
