package io.jray.runtime.serialization;

import io.jray.runtime.object.ObjectRefImpl;
import io.jray.runtime.object.ObjectRefSerializer;
import io.jray.runtime.object.RefObserver;
import org.apache.fory.Fory;
import org.apache.fory.ThreadSafeFory;
import org.apache.fory.config.Language;

/**
 * The default {@link Serializer}: Apache Fory in Java mode, with reference tracking (shared and cyclic
 * objects survive) and no class registration, so any user class works, Serializable or not.
 */
public final class ForySerializer implements Serializer {
  private final ThreadSafeFory fory;

  /** @param refs told whenever a ref is written into or read out of a value (reference counting) */
  public ForySerializer(RefObserver refs) {
    this.fory = Fory.builder()
        .withLanguage(Language.JAVA)
        .requireClassRegistration(false)
        .withRefTracking(true)
        .suppressClassRegistrationWarnings(true)
        // Values come only from token-authenticated cluster peers; large arrays (a 1 GiB byte[]) are normal.
        .withMaxGraphMemoryBytes(Long.MAX_VALUE)
        .buildThreadSafeFory();
    fory.registerCallback(f -> f.registerSerializer(ObjectRefImpl.class, new ObjectRefSerializer(f.getConfig(), refs)));
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
