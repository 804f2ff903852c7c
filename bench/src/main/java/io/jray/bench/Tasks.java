package io.jray.bench;

import io.jray.api.ActorHandle;
import io.jray.api.ObjectRef;
import io.jray.api.Ray;
import java.util.ArrayList;
import java.util.List;

/** The remote functions of Ray's {@code ray_perf.py}, as static methods: they run as tasks in workers. */
public final class Tasks {
  /** Ray's {@code b"ok"}. */
  static final byte[] OK = {'o', 'k'};

  private Tasks() {}

  public static byte[] smallValue() {
    return OK;
  }

  /** A value holding {@code n} refs to objects this task put (Ray's {@code create_object_containing_ref}). */
  public static List<ObjectRef<Integer>> createObjectContainingRefs(int n) {
    List<ObjectRef<Integer>> refs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      refs.add(Ray.put(1));
    }
    return refs;
  }

  /** {@code n} calls spread over {@code actors}, awaited together (Ray's {@code work} of n:n actor calls). */
  public static int callActors(List<ActorHandle<BenchActor>> actors, int n) {
    Calls.submitAndGet(n, i -> actors.get(i % actors.size()).task(BenchActor::smallValue).remote());
    return 0;
  }
}
