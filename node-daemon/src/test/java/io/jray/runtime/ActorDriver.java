package io.jray.runtime;

import io.jray.api.ActorHandle;
import io.jray.api.Ray;
import io.jray.api.options.ActorLifetime;
import java.nio.file.Files;
import java.nio.file.Path;

/** A second driver for the actor tests: makes a detached and a non-detached named actor, then exits. */
public final class ActorDriver {
  private ActorDriver() {}

  public static void main(String[] args) throws Exception {
    Ray.init(args[0]);
    String name = args[1];
    ActorHandle<Counter> detached = Ray.actor(Counter::new, 42).setName(name).setLifetime(ActorLifetime.DETACHED).remote();
    ActorHandle<Counter> attached = Ray.actor(Counter::new, 1).setName(name + "-attached").remote();
    detached.task(Counter::get).remote().get();
    long pid = attached.task(Counter::pid).remote().get();
    Files.writeString(Path.of(System.getProperty("java.io.tmpdir"), name + ".pid"), Long.toString(pid));
    Ray.shutdown();
  }
}
