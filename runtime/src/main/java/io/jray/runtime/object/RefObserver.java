package io.jray.runtime.object;

/** Told when a ref crosses the serializer: how the reference counter learns that a ref left or reached this process. */
public interface RefObserver {
  /** A ref was written into a value (a put, a task argument or a return value): it may outlive any count here. */
  void serialized(ObjectRefImpl<?> ref);

  /** A ref was read out of a value: a new ref object in this process. */
  void deserialized(ObjectRefImpl<?> ref);
}
