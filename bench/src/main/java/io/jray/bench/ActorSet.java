package io.jray.bench;

import io.jray.api.ActorHandle;
import io.jray.api.ObjectRef;
import io.jray.api.function.RayFunc1;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The actors one workload creates: created together, each answering a first call before the workload is
 * timed (so a worker JVM's start is not measured), and killed when the workload ends so its workers do not
 * compete with the next workload's.
 */
final class ActorSet<A> implements AutoCloseable {
  private final List<ActorHandle<A>> handles;

  private ActorSet(List<ActorHandle<A>> handles) {
    this.handles = List.copyOf(handles);
  }

  /** Creates {@code count} actors with {@code create} and waits until each answers {@code ping}. */
  static <A> ActorSet<A> start(int count, IntFunction<ActorHandle<A>> create, RayFunc1<A, ?> ping) {
    List<ActorHandle<A>> handles = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      handles.add(create.apply(i));
    }
    ActorSet<A> set = new ActorSet<>(handles);
    try {
      List<ObjectRef<?>> answers = new ArrayList<>(count);
      for (ActorHandle<A> h : handles) {
        answers.add(h.task(ping).remote());
      }
      answers.forEach(ObjectRef::get);
      return set;
    } catch (RuntimeException e) {
      set.close();
      throw e;
    }
  }

  List<ActorHandle<A>> handles() {
    return handles;
  }

  ActorHandle<A> get(int i) {
    return handles.get(i);
  }

  int size() {
    return handles.size();
  }

  @Override
  public void close() {
    for (ActorHandle<A> h : handles) {
      try {
        h.kill();
      } catch (RuntimeException e) {
        // already gone: nothing to release
      }
    }
  }
}
