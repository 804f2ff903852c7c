package io.jray.runtime.serialization;

import io.jray.runtime.object.ObjectRefImpl;
import io.jray.runtime.object.ObjectRefSerializer;
import io.jray.runtime.object.RefCapture;
import io.jray.runtime.object.RefObserver;
import java.util.ArrayList;
import java.util.List;
import org.apache.fory.Fory;
import org.apache.fory.ThreadSafeFory;
import org.apache.fory.config.Language;

/**
 * The default {@link Serializer}: Apache Fory in Java mode, with reference tracking (shared and cyclic
 * objects survive) and no class registration, so any user class works, Serializable or not.
 */
public final class ForySerializer implements Serializer {
  private final ThreadSafeFory fory;
  private final RefCapture capture = new RefCapture();
  private final RefObserver refs;

  /** @param refs told of the refs read out of each value and of those written into untracked ones */
  public ForySerializer(RefObserver refs) {
    this.refs = refs;
    this.fory = Fory.builder()
        .withLanguage(Language.JAVA)
        .requireClassRegistration(false)
        .withRefTracking(true)
        .suppressClassRegistrationWarnings(true)
        // Values come only from token-authenticated cluster peers; large arrays (a 1 GiB byte[]) are normal.
        .withMaxGraphMemoryBytes(Long.MAX_VALUE)
        .buildThreadSafeFory();
    fory.registerCallback(f -> f.registerSerializer(ObjectRefImpl.class, new ObjectRefSerializer(f.getConfig(), capture)));
  }

  @Override
  public byte[] serialize(Object value, List<ObjectRefImpl<?>> nestedRefs) {
    List<ObjectRefImpl<?>> outer = capture.written.begin(nestedRefs);
    try {
      return fory.serialize(value);
    } finally {
      capture.written.end(outer);
    }
  }

  @Override
  public byte[] serialize(Object value) {
    List<ObjectRefImpl<?>> nested = new ArrayList<>(0);
    byte[] bytes = serialize(value, nested);
    if (!nested.isEmpty()) {
      refs.pin(nested);
    }
    return bytes;
  }

  @Override
  public Object deserialize(byte[] bytes) {
    List<ObjectRefImpl<?>> read = new ArrayList<>(0);
    List<ObjectRefImpl<?>> outer = capture.read.begin(read);
    Object value;
    try {
      value = fory.deserialize(bytes);
    } finally {
      capture.read.end(outer);
    }
    if (!read.isEmpty()) {
      refs.deserialized(read);
    }
    return value;
  }
}
