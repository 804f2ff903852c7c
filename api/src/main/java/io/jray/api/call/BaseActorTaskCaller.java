package io.jray.api.call;

import io.jray.api.ActorHandle;
import io.jray.api.ObjectRef;
import io.jray.api.Ray;
import io.jray.api.function.RayFunc;
import io.jray.api.options.ActorCallOptions;
import java.util.Objects;

/**
 * The options shared by {@link ActorTaskCaller} and {@link VoidActorTaskCaller}. A caller is used
 * from one thread.
 *
 * @param <T> the concrete caller, returned by each setter
 */
public abstract class BaseActorTaskCaller<T extends BaseActorTaskCaller<T>> {

  private final ActorHandle<?> actor;
  private final RayFunc func;
  private final Object[] args;
  private final ActorCallOptions.Builder options = new ActorCallOptions.Builder();

  BaseActorTaskCaller(ActorHandle<?> actor, RayFunc func, Object[] args) {
    this.actor = Objects.requireNonNull(actor, "actor");
    this.func = Objects.requireNonNull(func, "func");
    this.args = args.clone();
  }

  /** Names the call in logs and errors (default: the method's name). */
  public T setName(String name) {
    options.setName(name);
    return self();
  }

  /** Runs the call in the actor's concurrency group of this name instead of its method's group. */
  public T setConcurrencyGroup(String name) {
    options.setConcurrencyGroup(name);
    return self();
  }

  /** Submits the call with the options set so far. */
  final ObjectRef<Object> submit() {
    return Ray.internal().callActor(actor, func, args, options.build());
  }

  @SuppressWarnings("unchecked")
  private T self() {
    return (T) this;
  }
}
