package io.jray.runtime.objectstore;

import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;

/** Unmaps a mapping now rather than at some later GC, so the shared memory behind it is returned at once. */
public final class MappedMemory {
  private MappedMemory() {}

  /**
   * Unmaps {@code buffer}. Safe only when no thread can touch it any more: an access after this crashes the JVM.
   *
   * @throws UnsupportedOperationException when this JVM has no {@code sun.misc.Unsafe} to do it (the GC will)
   */
  public static void unmap(MappedByteBuffer buffer) {
    try {
      Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
      var field = unsafeClass.getDeclaredField("theUnsafe");
      field.setAccessible(true);
      Method invokeCleaner = unsafeClass.getMethod("invokeCleaner", ByteBuffer.class);
      invokeCleaner.invoke(field.get(null), buffer);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new UnsupportedOperationException("cannot unmap early: " + e, e);
    }
  }
}
