package io.jray.examples;

import io.jray.api.ActorHandle;
import io.jray.api.ObjectRef;
import io.jray.api.Ray;
import java.util.ArrayList;
import java.util.List;

/**
 * A counter actor: state kept across calls, calls from one handle applied in order, and a named actor found
 * again by name.
 *
 * <pre>java -cp "$(jray classpath)" io.jray.examples.ActorCounter [increments]</pre>
 */
public final class ActorCounter {
  private long count;

  public ActorCounter(long start) {
    this.count = start;
  }

  public long increment(long by) {
    count += by;
    return count;
  }

  public long get() {
    return count;
  }

  /** Sends {@code n} increments through a named counter and returns its final value. */
  public static long run(int n) {
    ActorHandle<ActorCounter> counter = Ray.actor(ActorCounter::new, 0L).setName("example-counter").remote();
    List<ObjectRef<Long>> steps = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      steps.add(counter.task(ActorCounter::increment, 1L).remote());
    }
    Ray.get(steps);
    ActorHandle<ActorCounter> again = Ray.<ActorHandle<ActorCounter>>getActor("example-counter").orElseThrow();
    long total = again.task(ActorCounter::get).remote().get();
    counter.kill();
    return total;
  }

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    Ray.init();
    try {
      System.out.println("The counter reached " + run(n) + " after " + n + " increments.");
    } finally {
      Ray.shutdown();
    }
  }
}
