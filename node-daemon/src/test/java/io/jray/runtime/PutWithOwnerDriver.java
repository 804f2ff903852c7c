package io.jray.runtime;

import io.jray.api.ActorHandle;
import io.jray.api.ObjectRef;
import io.jray.api.Ray;
import java.util.List;

/**
 * A second driver: gives the named RefHolder two objects, one put with the holder as its owner and one it owns
 * itself, then ends (and its own objects with it).
 */
public final class PutWithOwnerDriver {
  private PutWithOwnerDriver() {}

  public static void main(String[] args) {
    Ray.init(args[0]);
    ActorHandle<RefHolder> holder = Ray.<ActorHandle<RefHolder>>getActor(args[1], args[2]).orElseThrow();
    ObjectRef<Integer> owned = Ray.put(40, holder);
    ObjectRef<Integer> mine = Ray.put(2);
    holder.task(RefHolder::hold, List.of(owned)).remote().get();
    ActorHandle<RefHolder> second = Ray.<ActorHandle<RefHolder>>getActor(args[1] + "-2", args[2]).orElseThrow();
    second.task(RefHolder::hold, List.of(mine)).remote().get();
    System.out.println("read back " + Ray.get(owned));
    Ray.shutdown();
  }
}
