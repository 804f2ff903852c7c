package io.jray.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import example.values.Point;
import io.jray.api.ObjectRef;
import io.jray.runtime.object.ObjectRefImpl;
import io.jray.runtime.object.RefObserver;
import io.jray.runtime.serialization.ValueRefusedException;
import io.jray.runtime.serialization.ForySerializer;
import java.net.URL;
import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.SignedObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import org.apache.fory.Fory;
import org.apache.fory.config.Language;
import org.junit.jupiter.api.Test;

/**
 * Large primitive arrays are written straight into a (shared-memory) buffer of their size bound; bytes from a
 * peer cannot make the reader build a deserialization gadget, a class off the allow list, or a huge graph.
 */
class ForySerializerTest {
  private static final RefObserver NO_REFS = new RefObserver() {
    @Override
    public void deserialized(List<ObjectRefImpl<?>> refs) {}

    @Override
    public void pin(List<ObjectRefImpl<?>> refs) {}
  };
  private final ForySerializer serializer = new ForySerializer(NO_REFS);

  /** What a compromised peer would send: Fory with no class checker (as jray had), writing whatever it likes. */
  private static byte[] fromAnUncheckedPeer(Object value) {
    return Fory.builder().withLanguage(Language.JAVA).requireClassRegistration(false).withRefTracking(true)
        .suppressClassRegistrationWarnings(true).build().serialize(value);
  }

  @Test
  void aGadgetSentByAPeerIsRefusedNamingTheClassAndTheSetting() throws Exception {
    // URLDNS: rebuilding a map keyed by a URL makes the reader resolve the URL's host.
    Map<Object, Object> urlDns = new HashMap<>(Map.of(new URL("http://127.0.0.1:9/"), "x"));
    ValueRefusedException refused = assertThrows(ValueRefusedException.class,
        () -> serializer.deserialize(fromAnUncheckedPeer(urlDns)));
    assertTrue(refused.getMessage().contains("java.net.URL"), refused.getMessage());
    assertTrue(refused.getMessage().contains("jray.serialization_allowed_classes"), refused.getMessage());
    assertThrows(ValueRefusedException.class, () -> serializer.serialize(urlDns), "nor is one written");
  }

  @Test
  void aGadgetOnForysOwnListIsRefusedWithTheSameSentence() throws Exception {
    KeyPair keys = KeyPairGenerator.getInstance("EC").generateKeyPair();
    SignedObject signed = new SignedObject("payload", keys.getPrivate(), Signature.getInstance("SHA256withECDSA"));
    ValueRefusedException refused = assertThrows(ValueRefusedException.class, () -> serializer.serialize(signed));
    assertTrue(refused.getMessage().contains("java.security.SignedObject"), refused.getMessage());
    assertTrue(refused.getMessage().contains("jray.serialization_allowed_classes"), refused.getMessage());
  }

  @Test
  void aPlainUserClassIsAllowedByDefaultAndRefusedOffAnAllowList() {
    Point back = (Point) serializer.deserialize(fromAnUncheckedPeer(new Point(7, "seven")));
    assertEquals(7, back.x);
    assertEquals("seven", back.label);

    System.setProperty("jray.serialization_allowed_classes", "java.util.UUID");
    try {
      ForySerializer strict = new ForySerializer(NO_REFS);
      ValueRefusedException refused = assertThrows(ValueRefusedException.class,
          () -> strict.deserialize(fromAnUncheckedPeer(new Point(1, "one"))));
      assertTrue(refused.getMessage().contains(Point.class.getName()), refused.getMessage());
      assertTrue(refused.getMessage().contains("jray.serialization_allowed_classes"), refused.getMessage());
      assertEquals(List.of("a", "b"), strict.deserialize(fromAnUncheckedPeer(new ArrayList<>(List.of("a", "b")))),
          "the JDK's ordinary classes need no listing");
      System.setProperty("jray.serialization_allowed_classes", "io.jray.*, " + Point.class.getName());
      Point allowed = (Point) new ForySerializer(NO_REFS).deserialize(fromAnUncheckedPeer(new Point(2, "two")));
      assertEquals(2, allowed.x);
    } finally {
      System.clearProperty("jray.serialization_allowed_classes");
    }
  }

  @Test
  void aValueAboveTheGraphBoundIsRefusedNamingTheSetting() {
    System.setProperty("jray.serialization_max_graph_bytes", String.valueOf(1 << 20));
    try {
      ForySerializer bounded = new ForySerializer(NO_REFS);
      ValueRefusedException refused = assertThrows(ValueRefusedException.class,
          () -> bounded.deserialize(fromAnUncheckedPeer(new long[1 << 20])));
      assertTrue(refused.getMessage().contains("jray.serialization_max_graph_bytes"), refused.getMessage());
      assertEquals(1000, ((long[]) bounded.deserialize(fromAnUncheckedPeer(new long[1000]))).length);
    } finally {
      System.clearProperty("jray.serialization_max_graph_bytes");
    }
  }

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
  @Test
  void aProcessThatHasReadRefsWritesRefsThatOthersCanRead() {
    // As a worker does: it reads refs in its arguments, then returns refs of its own. In Fory's compatible mode an
    // unregistered ref class was then written as a plain struct, which no other process could read.
    ForySerializer driver = new ForySerializer(NO_REFS);
    ForySerializer worker = new ForySerializer(NO_REFS);
    ForySerializer otherProcess = new ForySerializer(NO_REFS);
    List<Labelled> sent = List.of(new Labelled("one", ref(1)), new Labelled("two", ref(2)));
    assertEquals(sent, worker.deserialize(driver.serialize(sent)));
    Labelled returned = new Labelled("three", ref(3));
    assertEquals(returned, otherProcess.deserialize(worker.serialize(returned)));
    assertEquals(ref(4), otherProcess.deserialize(worker.serialize(ref(4))));
  }

  /** A user value holding a ref, as a Ray program would pass one. */
  record Labelled(String label, ObjectRef<Integer> ref) {}

  private static ObjectRefImpl<Integer> ref(int n) {
    byte[] id = new byte[28];
    id[0] = (byte) n;
    return new ObjectRefImpl<>(id, "10.0.0." + n, 7000 + n);
  }

  @Test
  void refsNestedInAnyContainerAtAnyDepthAndPositionArriveAsRefs() {
    ForySerializer reader = new ForySerializer(NO_REFS); // another process's: nothing learned from the writer
    List<ObjectRef<Integer>> arrayList = new ArrayList<>(List.of(ref(1), ref(2), ref(3)));
    Map<String, ObjectRef<Integer>> map = new HashMap<>(Map.of("a", ref(1), "b", ref(2)));
    List<Object> mixed = new ArrayList<>(List.of("x", 7, ref(2), List.of(ref(3), new ArrayList<>(List.of(ref(4))))));
    List<Labelled> records = new ArrayList<>(List.of(new Labelled("one", ref(1)), new Labelled("two", ref(2))));
    Object[] array = {"x", ref(5), new ObjectRef<?>[] {ref(6)}};
    for (Object value : List.of(arrayList, map, mixed, records, List.of(ref(1), ref(2)))) {
      List<ObjectRefImpl<?>> written = new ArrayList<>();
      byte[] bytes = serializer.serialize(value, written);
      assertEquals(value, reader.deserialize(bytes), "read back by another process: " + value);
      assertFalse(written.isEmpty(), "the refs inside are noted: " + value);
    }
    Object[] arrived = (Object[]) reader.deserialize(serializer.serialize(array));
    assertEquals(ref(5), arrived[1]);
    assertEquals(ref(6), ((Object[]) arrived[2])[0]);
    ObjectRefImpl<?> owned = (ObjectRefImpl<?>) ((List<?>) reader.deserialize(serializer.serialize(arrayList))).get(2);
    assertEquals("10.0.0.3", owned.owner().getIp(), "with its owner");
    assertEquals(7003, owned.owner().getPort());
  }
}
