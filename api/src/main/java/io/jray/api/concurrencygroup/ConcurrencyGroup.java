package io.jray.api.concurrencygroup;

import io.jray.api.function.RayFunc;
import java.util.List;
import java.util.Objects;

/**
 * A named pool of an actor's threads, as Ray's concurrency groups: calls of its methods (or calls that name it)
 * run on its own {@code maxConcurrency} threads, so slow calls of one group do not hold up another's. Calls of
 * methods in no group run in the actor's default group ({@code setMaxConcurrency}, 1 by default). Build one with
 * {@link ConcurrencyGroupBuilder}, or declare it on the actor class with
 * {@link io.jray.api.concurrencygroup.annotations.DefConcurrencyGroup}. Immutable.
 */
public final class ConcurrencyGroup {
  private final String name;
  private final int maxConcurrency;
  private final List<RayFunc> methods;

  ConcurrencyGroup(String name, int maxConcurrency, List<RayFunc> methods) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("A concurrency group needs a name: call setName(...) on its builder.");
    }
    if (maxConcurrency < 1) {
      throw new IllegalArgumentException("maxConcurrency = " + maxConcurrency + " of the concurrency group " + name
          + " is invalid: it must be at least 1.");
    }
    this.name = name;
    this.maxConcurrency = maxConcurrency;
    this.methods = List.copyOf(methods);
  }

  /** A group of these methods (method references of the actor's class); the builder is the typed way to make one. */
  public static ConcurrencyGroup of(String name, int maxConcurrency, List<RayFunc> methods) {
    return new ConcurrencyGroup(name, maxConcurrency, methods);
  }

  public String getName() {
    return name;
  }

  public int getMaxConcurrency() {
    return maxConcurrency;
  }

  /** The methods whose calls run in this group (method references of the actor's class). */
  public List<RayFunc> getMethods() {
    return methods;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConcurrencyGroup other && name.equals(other.name) && maxConcurrency == other.maxConcurrency
        && methods.equals(other.methods);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, maxConcurrency);
  }

  @Override
  public String toString() {
    return "ConcurrencyGroup{name=" + name + ", maxConcurrency=" + maxConcurrency + ", methods=" + methods.size() + "}";
  }
}
