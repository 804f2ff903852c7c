package io.jray.runtime.serialization;

import io.jray.runtime.object.ObjectRefImpl;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Turns values into bytes and back, for every value that crosses a process. One implementation per runtime.
 * Refs inside values are reference counted: writing one reports it to the caller, reading one counts it.
 */
public interface Serializer {
  /** The value's bytes; every ref written into them is added to {@code nestedRefs}, for the caller to hold. */
  byte[] serialize(Object value, List<ObjectRefImpl<?>> nestedRefs);

  /** The value's bytes, for a value whose life nobody follows (an error): refs inside it are kept for good. */
  byte[] serialize(Object value);

  /**
   * An upper bound of the value's serialized size when it is known without serializing (a primitive array, whose
   * large instances can then be written straight into shared memory), else -1.
   */
  long sizeBound(Object value);

  /**
   * Serializes a value with a {@link #sizeBound} into {@code target} (at least that big, position 0); false when
   * the bytes did not fit after all. Trailing bytes of {@code target} are left as they are: readers ignore them.
   */
  boolean serializeInto(ByteBuffer target, Object value);

  /** The value; refs read out of it are counted as new ref objects here before it is returned. */
  Object deserialize(byte[] bytes);
}
