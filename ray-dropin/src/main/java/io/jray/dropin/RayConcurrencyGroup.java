package io.jray.dropin;

import io.ray.api.concurrencygroup.ConcurrencyGroup;
import io.ray.api.function.RayFunc;
import java.util.List;

/** A concurrency group made with Ray's builder: its name, size and methods, as jray's group on the way in. */
final class RayConcurrencyGroup implements ConcurrencyGroup {
  private final String name;
  private final int maxConcurrency;
  private final List<RayFunc> methods;

  RayConcurrencyGroup(String name, int maxConcurrency, List<RayFunc> methods) {
    this.name = name;
    this.maxConcurrency = maxConcurrency;
    this.methods = List.copyOf(methods);
  }

  /** jray's group for Ray's {@code group} (one this runtime made). */
  static io.jray.api.concurrencygroup.ConcurrencyGroup toJray(ConcurrencyGroup group) {
    if (!(group instanceof RayConcurrencyGroup ours)) {
      throw new IllegalArgumentException("The concurrency group " + group + " was not made by Ray's "
          + "ConcurrencyGroupBuilder on jray's runtime.");
    }
    return io.jray.api.concurrencygroup.ConcurrencyGroup.of(ours.name, ours.maxConcurrency,
        ours.methods.stream().map(RayLambdas::of).toList());
  }

  @Override
  public String toString() {
    return "ConcurrencyGroup{name=" + name + ", maxConcurrency=" + maxConcurrency + "}";
  }
}
