package io.jray.dropintests.drivers;

import io.ray.api.ActorHandle;
import io.ray.api.Ray;
import io.ray.api.runtimeenv.RuntimeEnv;
import io.ray.api.runtimeenv.types.RuntimeEnvName;
import java.util.List;
import java.util.Map;

/** Ray's runtime env (env_vars) for a task and an actor, and an actor's JVM options, unchanged. */
public final class RuntimeEnvs {
  private RuntimeEnvs() {}

  public static void main(String[] args) {
    Ray.init();
    RuntimeEnv env = new RuntimeEnv.Builder().build();
    env.set(RuntimeEnvName.ENV_VARS, Map.of("DROPIN_VAR", "v1"));
    Report.line("taskEnv", Ray.task(Fns::env, "DROPIN_VAR").setRuntimeEnv(env).remote().get());
    Report.line("plainTaskEnv", Ray.task(Fns::env, "DROPIN_VAR").remote().get());
    ActorHandle<Counter> actor = Ray.actor(Counter::new, 0).setRuntimeEnv(env)
        .setJvmOptions(List.of("-Ddropin.actor=opt")).remote();
    Report.line("actorEnv", actor.task(Counter::env, "DROPIN_VAR").remote().get());
    Report.line("actorOption", actor.task(Counter::property, "dropin.actor").remote().get());
    Report.line("roundTrip", RuntimeEnv.deserialize(env.serialize()).getJsonStr(RuntimeEnvName.ENV_VARS));
    RuntimeEnv pip = new RuntimeEnv.Builder().build();
    pip.set("pip", List.of("numpy"));
    try {
      Ray.task(Fns::env, "X").setRuntimeEnv(pip).remote();
      Report.line("pip", "accepted");
    } catch (IllegalArgumentException e) {
      Report.line("pip", e.getMessage());
    }
    Ray.shutdown();
    Report.line("done", true);
  }
}
