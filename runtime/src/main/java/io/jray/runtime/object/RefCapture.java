package io.jray.runtime.object;

import java.util.List;

/**
 * The refs one serialization on this thread writes or reads, collected while {@link ObjectRefSerializer} meets
 * them: the caller learns which refs a value contains without walking it again.
 */
public final class RefCapture {
  /** Refs written into the value being serialized on this thread. */
  public final Slot written = new Slot();
  /** Refs read out of the value being deserialized on this thread. */
  public final Slot read = new Slot();

  /** Where one direction's refs go, per thread; a nested (de)serialization restores the outer one's list. */
  public static final class Slot {
    private final ThreadLocal<List<ObjectRefImpl<?>>> current = new ThreadLocal<>();

    /** Collects into {@code into} until {@link #end}; returns the list to restore then. */
    public List<ObjectRefImpl<?>> begin(List<ObjectRefImpl<?>> into) {
      List<ObjectRefImpl<?>> outer = current.get();
      current.set(into);
      return outer;
    }

    public void end(List<ObjectRefImpl<?>> outer) {
      current.set(outer);
    }

    void add(ObjectRefImpl<?> ref) {
      List<ObjectRefImpl<?>> into = current.get();
      if (into != null) {
        into.add(ref);
      }
    }
  }
}
