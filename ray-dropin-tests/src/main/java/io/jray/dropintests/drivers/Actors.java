package io.jray.dropintests.drivers;

import io.ray.api.ActorHandle;
import io.ray.api.ObjectRef;
import io.ray.api.Ray;
import io.ray.api.exception.RayActorException;
import java.util.List;
import java.util.Optional;

/** Actors: ordered calls, named actors, handles as arguments, the actor's context, kill and exitActor. */
public final class Actors {
  private Actors() {}

  public static void main(String[] args) {
    Ray.init();
    ActorHandle<Counter> counter = Ray.actor(Counter::new, 10).remote();
    ObjectRef<Integer> first = counter.task(Counter::increment, 1).remote();
    ObjectRef<Integer> second = counter.task(Counter::increment, 2).remote();
    ObjectRef<Integer> third = counter.task(Counter::increment, 3).remote();
    Report.line("inOrder", Ray.get(List.of(first, second, third)));
    Report.line("actorIdMatches", counter.task(Counter::actorId).remote().get().equals(counter.getId().toString()));
    Report.line("selfHandleMatches",
        counter.task(Counter::selfHandleId).remote().get().equals(counter.getId().toString()));
    Report.line("restarted", counter.task(Counter::wasRestarted).remote().get());
    Report.line("handleInTask", Ray.task(Fns::incrementVia, counter, 100).remote().get());

    ActorHandle<Counter> named = Ray.actor(Counter::new, 0).setName("named-counter").remote();
    named.task(Counter::increment, 5).remote().get();
    Optional<ActorHandle<Counter>> found = Ray.getActor("named-counter");
    Report.line("namedFound", found.isPresent());
    Report.line("namedValue", found.get().task(Counter::get).remote().get());
    Report.line("missingNamed", Ray.getActor("no-such-actor").isPresent());
    try {
      Ray.actor(Counter::new, 0).setName("named-counter").remote();
      Report.line("duplicateName", "accepted");
    } catch (IllegalArgumentException e) {
      Report.line("duplicateName", e.getClass().getSimpleName());
    }

    counter.kill();
    try {
      counter.task(Counter::get).remote().get();
      Report.line("afterKill", "answered");
    } catch (RayActorException e) {
      Report.line("afterKill", "RayActorException");
    }

    ActorHandle<Counter> phoenix = Ray.actor(Counter::new, 7).setMaxRestarts(1).remote();
    phoenix.task(Counter::increment, 1).remote().get();
    phoenix.kill(false);
    Report.line("afterRestart", awaitRestart(phoenix));

    ActorHandle<Counter> leaving = Ray.actor(Counter::new, 0).remote();
    leaving.task(Counter::get).remote().get();
    leaving.task(Counter::exit).remote();
    try {
      leaving.task(Counter::get).remote().get();
      Report.line("afterExitActor", "answered");
    } catch (RayActorException e) {
      Report.line("afterExitActor", "RayActorException");
    }
    Ray.shutdown();
    Report.line("done", true);
  }

  /** The restarted actor's state (its constructor ran again) and whether it knows it was restarted. */
  private static String awaitRestart(ActorHandle<Counter> actor) {
    long deadline = System.currentTimeMillis() + 30_000;
    while (true) {
      try {
        return actor.task(Counter::get).remote().get() + " restarted=" + actor.task(Counter::wasRestarted).remote().get();
      } catch (RayActorException stillRestarting) {
        if (System.currentTimeMillis() > deadline) {
          throw stillRestarting;
        }
      }
    }
  }
}
