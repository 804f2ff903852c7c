package io.jray.api;

import java.util.List;

/**
 * The result of {@code Ray.wait}: the refs whose objects are ready and those still pending, each
 * in the order they were given.
 *
 * @param <T> the type of the objects
 */
public final class WaitResult<T> {

  private final List<ObjectRef<T>> ready;
  private final List<ObjectRef<T>> unready;

  public WaitResult(List<ObjectRef<T>> ready, List<ObjectRef<T>> unready) {
    this.ready = List.copyOf(ready);
    this.unready = List.copyOf(unready);
  }

  public List<ObjectRef<T>> getReady() {
    return ready;
  }

  public List<ObjectRef<T>> getUnready() {
    return unready;
  }

  @Override
  public String toString() {
    return "WaitResult{ready=" + ready.size() + ", unready=" + unready.size() + "}";
  }
}
