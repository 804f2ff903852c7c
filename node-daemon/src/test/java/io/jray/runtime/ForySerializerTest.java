package io.jray.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.runtime.object.ObjectRefImpl;
import io.jray.runtime.object.RefObserver;
import io.jray.runtime.serialization.ForySerializer;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Large primitive arrays are written straight into a (shared-memory) buffer of their size bound. */
class ForySerializerTest {
  private final ForySerializer serializer = new ForySerializer(new RefObserver() {
    @Override
    public void deserialized(List<ObjectRefImpl<?>> refs) {}

    @Override
    public void pin(List<ObjectRefImpl<?>> refs) {}
  });

  @Test
  void everyPrimitiveArrayRoundTripsThroughABufferOfItsBoundWithGarbageAfterIt() {
    Object[] values = {new byte[] {1, 2, 3}, new int[] {-1, 7, Integer.MAX_VALUE}, new long[] {Long.MIN_VALUE, 5},
        new double[] {Math.PI, -0.0}, new float[] {1.5f}, new short[] {-3, 9}, new char[] {'j', 'r'},
        new boolean[] {true, false, true}, new byte[0], new int[100_000]};
    for (Object value : values) {
      long bound = serializer.sizeBound(value);
      assertTrue(bound > 0, "a primitive array has a bound");
      ByteBuffer target = ByteBuffer.allocateDirect((int) bound + 16);
      while (target.hasRemaining()) {
        target.put((byte) 0x5a); // what a reused arena may hold
      }
      target.clear().limit((int) bound);
      ByteBuffer slice = target.slice();
      assertTrue(serializer.serializeInto(slice, value), value.getClass().getSimpleName() + " fits its bound");
      byte[] stored = new byte[(int) bound];
      slice.get(0, stored);
      Object back = serializer.deserialize(stored);
      assertEquals(value.getClass(), back.getClass());
      assertTrue(java.util.Objects.deepEquals(value, back), value.getClass().getSimpleName() + " round-trips");
    }
  }

  @Test
  void otherValuesHaveNoBoundAndATooSmallBufferIsReported() {
    assertEquals(-1, serializer.sizeBound("text"));
    assertEquals(-1, serializer.sizeBound(new Integer[] {1}));
    assertEquals(-1, serializer.sizeBound(null));
    assertFalse(serializer.serializeInto(ByteBuffer.allocateDirect(8), new byte[1000]));
    assertArrayEquals(new byte[] {4}, (byte[]) serializer.deserialize(serializer.serialize(new byte[] {4})));
  }
}
