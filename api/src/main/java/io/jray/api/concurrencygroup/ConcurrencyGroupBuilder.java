package io.jray.api.concurrencygroup;

import io.jray.api.function.RayFunc;
import io.jray.api.function.RayFunc1;
import io.jray.api.function.RayFuncVoid1;
import io.jray.api.function.RayFunc2;
import io.jray.api.function.RayFuncVoid2;
import io.jray.api.function.RayFunc3;
import io.jray.api.function.RayFuncVoid3;
import io.jray.api.function.RayFunc4;
import io.jray.api.function.RayFuncVoid4;
import io.jray.api.function.RayFunc5;
import io.jray.api.function.RayFuncVoid5;
import io.jray.api.function.RayFunc6;
import io.jray.api.function.RayFuncVoid6;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds a {@link ConcurrencyGroup} of an actor of class {@code A}, as Ray's builder:
 * {@code new ConcurrencyGroupBuilder<Counter>().setName("io").setMaxConcurrency(2).addMethod(Counter::read).build()}.
 * Not thread-safe.
 */
public final class ConcurrencyGroupBuilder<A> {
  private String name;
  private int maxConcurrency = 1;
  private final List<RayFunc> methods = new ArrayList<>();

  public ConcurrencyGroupBuilder<A> setName(String name) {
    this.name = name;
    return this;
  }

  /** How many calls of the group run at once (at least 1; default 1). */
  public ConcurrencyGroupBuilder<A> setMaxConcurrency(int maxConcurrency) {
    this.maxConcurrency = maxConcurrency;
    return this;
  }

  /** Adds an actor method (a method reference of the actor class) to the group. */
  public <R> ConcurrencyGroupBuilder<A> addMethod(RayFunc1<A, R> method) {
    return add(method);
  }

  /** Adds an actor method that returns nothing to the group. */
  public ConcurrencyGroupBuilder<A> addMethod(RayFuncVoid1<A> method) {
    return add(method);
  }

  /** Adds an actor method (a method reference of the actor class) to the group. */
  public <T0, R> ConcurrencyGroupBuilder<A> addMethod(RayFunc2<A, T0, R> method) {
    return add(method);
  }

  /** Adds an actor method that returns nothing to the group. */
  public <T0> ConcurrencyGroupBuilder<A> addMethod(RayFuncVoid2<A, T0> method) {
    return add(method);
  }

  /** Adds an actor method (a method reference of the actor class) to the group. */
  public <T0, T1, R> ConcurrencyGroupBuilder<A> addMethod(RayFunc3<A, T0, T1, R> method) {
    return add(method);
  }

  /** Adds an actor method that returns nothing to the group. */
  public <T0, T1> ConcurrencyGroupBuilder<A> addMethod(RayFuncVoid3<A, T0, T1> method) {
    return add(method);
  }

  /** Adds an actor method (a method reference of the actor class) to the group. */
  public <T0, T1, T2, R> ConcurrencyGroupBuilder<A> addMethod(RayFunc4<A, T0, T1, T2, R> method) {
    return add(method);
  }

  /** Adds an actor method that returns nothing to the group. */
  public <T0, T1, T2> ConcurrencyGroupBuilder<A> addMethod(RayFuncVoid4<A, T0, T1, T2> method) {
    return add(method);
  }

  /** Adds an actor method (a method reference of the actor class) to the group. */
  public <T0, T1, T2, T3, R> ConcurrencyGroupBuilder<A> addMethod(RayFunc5<A, T0, T1, T2, T3, R> method) {
    return add(method);
  }

  /** Adds an actor method that returns nothing to the group. */
  public <T0, T1, T2, T3> ConcurrencyGroupBuilder<A> addMethod(RayFuncVoid5<A, T0, T1, T2, T3> method) {
    return add(method);
  }

  /** Adds an actor method (a method reference of the actor class) to the group. */
  public <T0, T1, T2, T3, T4, R> ConcurrencyGroupBuilder<A> addMethod(RayFunc6<A, T0, T1, T2, T3, T4, R> method) {
    return add(method);
  }

  /** Adds an actor method that returns nothing to the group. */
  public <T0, T1, T2, T3, T4> ConcurrencyGroupBuilder<A> addMethod(RayFuncVoid6<A, T0, T1, T2, T3, T4> method) {
    return add(method);
  }

  public ConcurrencyGroup build() {
    return new ConcurrencyGroup(name, maxConcurrency, methods);
  }

  private ConcurrencyGroupBuilder<A> add(RayFunc method) {
    methods.add(Objects.requireNonNull(method, "method"));
    return this;
  }
}
