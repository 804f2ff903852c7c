package io.jray.dropin;

import io.jray.runtime.object.ObjectRefImpl;
import io.ray.api.ObjectRef;
import io.ray.api.Ray;

/**
 * Ray's {@link ObjectRef} over jray's: it holds jray's ref as a field, so it travels inside task arguments and
 * return values (and its object is kept alive) exactly as jray's own ref does.
 */
final class RayObjectRef<T> implements ObjectRef<T> {
  private final ObjectRefImpl<T> ref;

  RayObjectRef(io.jray.api.ObjectRef<T> ref) {
    this.ref = (ObjectRefImpl<T>) ref;
  }

  /** jray's ref behind a Ray ref this runtime made. */
  static <T> io.jray.api.ObjectRef<T> unwrap(ObjectRef<T> ref) {
    if (ref instanceof RayObjectRef<T> ours) {
      return ours.ref;
    }
    throw new IllegalArgumentException("Not an ObjectRef of jray-ray-runtime: " + ref + " ("
        + (ref == null ? "null" : ref.getClass().getName()) + ") was made by another Ray runtime.");
  }

  @Override
  public T get() {
    return Ray.get(this);
  }

  @Override
  public T get(long timeoutMs) {
    return Ray.get(this, timeoutMs);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RayObjectRef<?> other && ref.equals(other.ref);
  }

  @Override
  public int hashCode() {
    return ref.hashCode();
  }

  @Override
  public String toString() {
    return ref.toString();
  }
}
