package io.jray.runtime.serialization;

/** Turns values into bytes and back, for every value that crosses a process. One implementation per runtime. */
public interface Serializer {
  byte[] serialize(Object value);

  Object deserialize(byte[] bytes);
}
