package io.jray.dropin;

import io.jray.api.options.ActorCallOptions;
import io.jray.api.options.ActorLifetime;
import io.ray.api.options.ActorCreationOptions;
import io.ray.api.options.CallOptions;
import io.ray.api.options.PlacementGroupCreationOptions;
import io.jray.api.placementgroup.PlacementStrategy;

/**
 * Ray's task, actor and placement group options as jray's. What jray has no counterpart for fails here with
 * one sentence, before anything is submitted.
 */
final class RayOptions {
  private RayOptions() {}

  static io.jray.api.options.CallOptions task(CallOptions ray) {
    io.jray.api.options.CallOptions.Builder jray = new io.jray.api.options.CallOptions.Builder();
    if (ray == null) {
      return jray.build();
    }
    if (ray.concurrencyGroupName != null && !ray.concurrencyGroupName.isEmpty()) {
      throw new IllegalArgumentException("A concurrency group (" + ray.concurrencyGroupName + ") is for actor calls;"
          + " a normal task has none.");
    }
    jray.setName(ray.name).setResources(ray.resources)
        .setRuntimeEnv(RayRuntimeEnv.toJray(serializedRuntimeEnv(ray)));
    if (ray.group != null) {
      jray.setPlacementGroup(RayPlacementGroup.unwrap(ray.group), ray.bundleIndex);
    }
    return jray.build();
  }

  static ActorCallOptions actorCall(CallOptions ray) {
    ActorCallOptions.Builder jray = new ActorCallOptions.Builder();
    if (ray == null) {
      return jray.build();
    }
    if (ray.concurrencyGroupName != null && !ray.concurrencyGroupName.isEmpty()) {
      jray.setConcurrencyGroup(ray.concurrencyGroupName);
    }
    return jray.setName(ray.name).build();
  }

  static io.jray.api.options.ActorCreationOptions actor(ActorCreationOptions ray) {
    io.jray.api.options.ActorCreationOptions.Builder jray = new io.jray.api.options.ActorCreationOptions.Builder();
    if (ray == null) {
      return jray.build();
    }
    if (ray.concurrencyGroups != null && !ray.concurrencyGroups.isEmpty()) {
      jray.setConcurrencyGroups(ray.concurrencyGroups.stream().map(RayConcurrencyGroup::toJray).toList());
    }
    if (ray.maxPendingCalls > 0) {
      jray.setMaxPendingCalls(ray.maxPendingCalls);
    }
    if (ray.isAsync) {
      throw new UnsupportedOperationException("Async actors (setAsync(true)) are not supported by jray: use "
          + "setMaxConcurrency to let an actor's calls run at once.");
    }
    jray.setName(ray.name)
        .setNamespace(ray.namespace)
        .setLifetime(ray.lifetime == io.ray.api.options.ActorLifetime.DETACHED
            ? ActorLifetime.DETACHED : ActorLifetime.NON_DETACHED)
        .setResources(ray.resources)
        .setMaxRestarts(ray.maxRestarts)
        .setMaxTaskRetries(ray.maxTaskRetries)
        .setMaxConcurrency(ray.maxConcurrency)
        .setRuntimeEnv(RayRuntimeEnv.toJray(ray.serializedRuntimeEnv));
    if (ray.jvmOptions != null) {
      jray.setJvmOptions(ray.jvmOptions);
    }
    if (ray.group != null) {
      jray.setPlacementGroup(RayPlacementGroup.unwrap(ray.group), ray.bundleIndex);
    }
    return jray.build();
  }

  /** A task's runtime env as Ray's CallOptions keeps it: a private field (Ray's own runtime reads it the same way). */
  private static String serializedRuntimeEnv(CallOptions ray) {
    try {
      java.lang.reflect.Field field = CallOptions.class.getDeclaredField("serializedRuntimeEnvInfo");
      field.setAccessible(true);
      return (String) field.get(ray);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("This version of Ray's API keeps a task's runtime env where jray cannot read it ("
          + e + "); use io.ray:ray-api 2.39.0.", e);
    }
  }

  static io.jray.api.options.PlacementGroupCreationOptions placementGroup(PlacementGroupCreationOptions ray) {
    if (ray == null) {
      throw new IllegalArgumentException("Placement group options must not be null: build them with "
          + "PlacementGroupCreationOptions.Builder.");
    }
    return new io.jray.api.options.PlacementGroupCreationOptions.Builder()
        .setName(ray.name)
        .setBundles(ray.bundles)
        .setStrategy(PlacementStrategy.valueOf(ray.strategy.name()))
        .build();
  }
}
