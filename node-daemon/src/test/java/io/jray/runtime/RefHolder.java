package io.jray.runtime;

import com.google.protobuf.ByteString;
import io.jray.api.ObjectRef;
import io.jray.api.Ray;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

/** A test actor that borrows refs (keeps them after the call that brought them) and owns objects it hands out. */
public class RefHolder {
  private final List<ObjectRef<Integer>> held = new ArrayList<>();

  public int hold(List<ObjectRef<Integer>> refs) {
    held.addAll(refs);
    return held.size();
  }

  /** Reads every held ref: fails if an object was freed while this actor still held its ref. */
  public int sum() {
    return held.stream().mapToInt(ObjectRef::get).sum();
  }

  public int drop() {
    held.clear();
    return collectGarbage();
  }

  public int die() {
    Runtime.getRuntime().halt(1);
    return 0;
  }

  /** A new object owned by this actor, returned inside the call's value. */
  public ObjectRef<Integer> putAndReturn(int value) {
    return Ray.put(value);
  }

  /** Whether this actor still keeps the object it owns. */
  public boolean owns(byte[] objectId) {
    return ((RayRuntimeImpl) Ray.internal()).core().store().contains(ByteString.copyFrom(objectId));
  }

  /** Runs the garbage collector until an object dropped now is collected, so dropped refs reach their cleaner. */
  public int collectGarbage() {
    WeakReference<Object> sentinel = new WeakReference<>(new Object());
    int rounds = 0;
    while (sentinel.get() != null && rounds < 100) {
      System.gc();
      rounds++;
    }
    return rounds;
  }
}
