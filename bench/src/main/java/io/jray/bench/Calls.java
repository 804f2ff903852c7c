package io.jray.bench;

import io.jray.api.ObjectRef;
import io.jray.api.Ray;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/** Ray's "submit then get" pattern, shared by the driver's workloads and the remote code of the benchmark. */
final class Calls {
  private Calls() {}

  /** Submits {@code n} calls at once, then waits for all their results. */
  static <T> List<T> submitAndGet(int n, IntFunction<ObjectRef<T>> submit) {
    List<ObjectRef<T>> refs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      refs.add(submit.apply(i));
    }
    return Ray.get(refs);
  }
}
