package io.jray.runtime.serialization;

import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.object.ObjectRefImpl;
import io.jray.runtime.object.ObjectRefSerializer;
import io.jray.runtime.object.RefCapture;
import io.jray.runtime.object.RefObserver;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.fory.memory.MemoryBuffer;
import org.apache.fory.Fory;
import org.apache.fory.ThreadSafeFory;
import org.apache.fory.config.Language;
import org.apache.fory.exception.InsecureException;

/**
 * The default {@link Serializer}: Apache Fory in Java mode, with reference tracking (shared and cyclic
 * objects survive) and no class registration, so any user class works, Serializable or not; but never a known
 * deserialization gadget, only allowed classes when an allow list is set ({@link ClassGate}), and no more
 * memory per value read than {@link JrayConfig#SERIALIZATION_MAX_GRAPH_BYTES}: the bytes may come from a
 * compromised peer. A refused class or size surfaces as {@link ValueRefusedException} naming it and the setting.
 */
public final class ForySerializer implements Serializer {
  /** More than Fory's header, type id and length take before a primitive array's elements (at most 9 seen). */
  private static final int ARRAY_HEADER_BOUND = 16;
  /**
   * The ref class's id on the wire, the same in every jray process. Registered by name only, Fory's compatible mode
   * took a Fory that had read a ref to write later refs as plain structs, which other processes could not read.
   */
  private static final int OBJECT_REF_TYPE_ID = 300;
  private final ThreadSafeFory fory;
  private final RefCapture capture = new RefCapture();
  private final RefObserver refs;

  /** @param refs told of the refs read out of each value and of those written into untracked ones */
  public ForySerializer(RefObserver refs) {
    this(refs, null);
  }

  /**
   * @param loader what names of classes read resolve with (a worker's job loaders); null: Fory's default (the
   *     context class loader of the thread that builds it)
   */
  public ForySerializer(RefObserver refs, ClassLoader loader) {
    this.refs = refs;
    org.apache.fory.config.ForyBuilder builder = Fory.builder();
    if (loader != null) {
      builder.withClassLoader(loader);
    }
    this.fory = builder
        .withLanguage(Language.JAVA)
        .requireClassRegistration(false)
        .withRefTracking(true)
        .suppressClassRegistrationWarnings(true)
        .withTypeChecker(ClassGate.fromConfig())
        .withMaxGraphMemoryBytes(JrayConfig.SERIALIZATION_MAX_GRAPH_BYTES.get())
        .buildThreadSafeFory();
    fory.registerCallback(f -> {
      f.register(ObjectRefImpl.class, OBJECT_REF_TYPE_ID);
      f.registerSerializer(ObjectRefImpl.class, new ObjectRefSerializer(f.getConfig(), capture));
    });
  }

  @Override
  public byte[] serialize(Object value, List<ObjectRefImpl<?>> nestedRefs) {
    List<ObjectRefImpl<?>> outer = capture.written.begin(nestedRefs);
    try {
      return fory.serialize(value);
    } catch (RuntimeException e) {
      throw refused(e);
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
  public long sizeBound(Object value) {
    Class<?> element = value == null ? null : value.getClass().getComponentType();
    if (element == null || !element.isPrimitive()) {
      return -1;
    }
    int width = element == long.class || element == double.class ? 8
        : element == int.class || element == float.class ? 4
        : element == char.class || element == short.class ? 2 : 1;
    return (long) java.lang.reflect.Array.getLength(value) * width + ARRAY_HEADER_BOUND;
  }

  @Override
  public boolean serializeInto(ByteBuffer target, Object value) {
    MemoryBuffer buffer = MemoryBuffer.fromByteBuffer(target);
    buffer.writerIndex(0);
    MemoryBuffer written;
    try {
      written = fory.serialize(buffer, value);
    } catch (RuntimeException e) {
      throw refused(e);
    }
    // Fory grows a buffer that is too small into a heap copy: then the bytes are not in target.
    return written.isOffHeap() && written.getOffHeapBuffer() == target && written.writerIndex() <= target.limit();
  }

  @Override
  public Object deserialize(byte[] bytes) {
    List<ObjectRefImpl<?>> read = new ArrayList<>(0);
    List<ObjectRefImpl<?>> outer = capture.read.begin(read);
    Object value;
    try {
      value = fory.deserialize(bytes);
    } catch (RuntimeException e) {
      throw refused(e);
    } finally {
      capture.read.end(outer);
    }
    if (!read.isEmpty()) {
      refs.deserialized(read);
    }
    return value;
  }

  /** Fory's failure, as the one sentence of the refusal inside it (which Fory wraps), or unchanged. */
  private static RuntimeException refused(RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ValueRefusedException refusal) {
        return refusal;
      }
      if (t instanceof InsecureException && String.valueOf(t.getMessage()).contains("maxGraphMemoryBytes")) {
        return new ValueRefusedException("A value sent between jray processes would take more than "
            + JrayConfig.SERIALIZATION_MAX_GRAPH_BYTES.get() + " bytes of memory to read, the bound "
            + JrayConfig.SERIALIZATION_MAX_GRAPH_BYTES.propertyName() + " sets; raise it if the value is meant"
            + " to be that big.");
      }
      if (t instanceof InsecureException) {
        // Fory's own gadget list, checked before ours: its message names the class.
        return new ValueRefusedException("A value sent between jray processes was refused: " + t.getMessage()
            + " (a known deserialization gadget, which " + JrayConfig.SERIALIZATION_ALLOWED_CLASSES.propertyName()
            + " cannot allow); send its data in a plain class instead.");
      }
    }
    return e;
  }
}
