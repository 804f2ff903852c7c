package io.jray.runtime.object;

import java.util.List;

/** Told which refs crossed the serializer: how the reference counter learns that refs reached this process. */
public interface RefObserver {
  /** Refs just read out of one value: new ref objects in this process (the value still holds them). */
  void deserialized(List<ObjectRefImpl<?>> refs);

  /** Refs written into a value whose life nobody follows: they must stay until the job ends. */
  void pin(List<ObjectRefImpl<?>> refs);
}
