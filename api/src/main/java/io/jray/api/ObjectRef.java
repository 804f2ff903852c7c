package io.jray.api;

import io.jray.api.id.ObjectId;

/**
 * A reference to an object in the cluster's object store: the result of a task, an actor call or
 * {@code Ray.put}. It may be passed to other tasks in place of the value it refers to.
 *
 * @param <T> the type of the object
 */
public interface ObjectRef<T> {

  /** Waits for the object and returns its value (see {@link Ray#get(ObjectRef)}). */
  default T get() {
    return Ray.internal().get(this, -1);
  }

  /**
   * Waits at most {@code timeoutMs} for the object and returns its value.
   *
   * @throws io.jray.api.exception.RayTimeoutException when the time runs out first
   */
  default T get(long timeoutMs) {
    return Ray.internal().get(this, timeoutMs);
  }

  ObjectId getId();
}
