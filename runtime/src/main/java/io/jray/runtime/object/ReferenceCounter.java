package io.jray.runtime.object;

import com.google.protobuf.ByteString;
import io.jray.proto.Address;
import io.jray.proto.TaskSpec;
import java.lang.ref.Cleaner;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Counts the references to the objects this process owns (Ray's ownership-based reference counting) and frees
 * an object once none is left: no ref object to it alive in this JVM (each is watched by a {@link Cleaner}), no
 * submitted task still using it as an argument, and never written into a value. A ref written into a value
 * (nested in a put, an argument or a return value) may be held by any process and there is no borrower
 * protocol yet, so such an object is kept until its job ends. Thread-safe; frees run on the cleaner's thread
 * or on the thread that dropped the last count.
 */
public final class ReferenceCounter implements RefObserver {
  private static final Cleaner CLEANER = Cleaner.create(r -> {
    Thread t = new Thread(r, "ref-cleaner");
    t.setDaemon(true);
    return t;
  });

  private final Map<ByteString, Counts> owned = new ConcurrentHashMap<>();
  private final Consumer<ByteString> free;
  private volatile Address self;

  /** Guarded by the map's per-key atomicity (only changed inside compute). */
  private static final class Counts {
    int refs;
    int taskUses;
    boolean escaped;
  }

  /** @param free called once per object when its last reference goes */
  public ReferenceCounter(Consumer<ByteString> free) {
    this.free = free;
  }

  /** This process's address, known once its server runs; refs to it are the ones counted. */
  public void bindSelf(Address address) {
    this.self = address;
  }

  public boolean ownedHere(ObjectRefImpl<?> ref) {
    Address me = self;
    return me != null && ref.ownerPort() == me.getPort() && ref.ownerHost().equals(me.getIp());
  }

  /** A new ref object to an object owned here: counted until the garbage collector takes it. */
  public <T> ObjectRefImpl<T> track(ObjectRefImpl<T> ref) {
    ByteString id = ref.idBytes();
    owned.compute(id, (k, c) -> {
      Counts counts = c == null ? new Counts() : c;
      counts.refs++;
      return counts;
    });
    CLEANER.register(ref, () -> update(id, c -> c.refs--));
    return ref;
  }

  /** A task or actor call about to be submitted: the owned objects it takes by ref stay until it finishes. */
  public void useArgs(TaskSpec spec) {
    forOwnedArgs(spec, id -> update(id, c -> c.taskUses++));
  }

  /**
   * An actor's creation task: it runs again on every restart, so the owned objects it takes by ref stay until
   * the job ends.
   */
  public void pinArgs(TaskSpec spec) {
    forOwnedArgs(spec, id -> update(id, c -> c.escaped = true));
  }

  /** The task submitted with {@link #useArgs} finished (for good: no retry follows). */
  public void releaseArgs(TaskSpec spec) {
    forOwnedArgs(spec, id -> update(id, c -> c.taskUses--));
  }

  @Override
  public void serialized(ObjectRefImpl<?> ref) {
    if (ownedHere(ref)) {
      update(ref.idBytes(), c -> c.escaped = true);
    }
  }

  @Override
  public void deserialized(ObjectRefImpl<?> ref) {
    if (ownedHere(ref)) {
      track(ref);
    }
  }

  /** Adds an object's counts to its report (`jray list objects`). */
  public void describe(ByteString id, io.jray.proto.OwnedObject.Builder into) {
    owned.computeIfPresent(id, (k, c) -> {
      into.setLocalRefs(c.refs).setTaskUses(c.taskUses).setNested(c.escaped);
      return c;
    });
  }

  /** How many owned objects are still referenced (for tests and stats). */
  public int size() {
    return owned.size();
  }

  private void forOwnedArgs(TaskSpec spec, Consumer<ByteString> action) {
    Address me = self;
    for (io.jray.proto.TaskArg arg : spec.getArgsList()) {
      if (arg.hasRef() && arg.getRef().getOwner().equals(me)) {
        action.accept(arg.getRef().getObjectId());
      }
    }
  }

  private void update(ByteString id, Consumer<Counts> change) {
    boolean[] last = {false};
    owned.computeIfPresent(id, (k, c) -> {
      change.accept(c);
      if (c.refs <= 0 && c.taskUses <= 0 && !c.escaped) {
        last[0] = true;
        return null;
      }
      return c;
    });
    if (last[0]) {
      free.accept(id);
    }
  }
}
