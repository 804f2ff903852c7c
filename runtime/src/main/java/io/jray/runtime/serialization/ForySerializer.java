package io.jray.runtime.serialization;

import org.apache.fory.Fory;
import org.apache.fory.ThreadSafeFory;
import org.apache.fory.config.Language;

/**
 * The default {@link Serializer}: Apache Fory in Java mode, with reference tracking (shared and cyclic
 * objects survive) and no class registration, so any user class works, Serializable or not.
 */
public final class ForySerializer implements Serializer {
  private final ThreadSafeFory fory;

  public ForySerializer() {
    this.fory = Fory.builder()
        .withLanguage(Language.JAVA)
        .requireClassRegistration(false)
        .withRefTracking(true)
        .suppressClassRegistrationWarnings(true)
        // Values come only from token-authenticated cluster peers; large arrays (a 1 GiB byte[]) are normal.
        .withMaxGraphMemoryBytes(Long.MAX_VALUE)
        .buildThreadSafeFory();
  }

  @Override
  public byte[] serialize(Object value) {
    return fory.serialize(value);
  }

  @Override
  public Object deserialize(byte[] bytes) {
    return fory.deserialize(bytes);
  }
}
