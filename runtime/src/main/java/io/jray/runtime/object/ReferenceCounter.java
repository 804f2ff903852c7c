package io.jray.runtime.object;

import io.jray.runtime.process.DaemonThreads;
import com.google.protobuf.ByteString;
import io.jray.proto.Address;
import io.jray.proto.BorrowerDelta;
import io.jray.proto.ObjectRefProto;
import io.jray.proto.TaskArg;
import io.jray.proto.TaskSpec;
import io.jray.runtime.rpc.PeerChannels;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Counts the references to objects in this process and frees an object once no reference to it is left
 * anywhere (Ray's ownership-based reference counting, with its borrower protocol).
 *
 * <p>Per object this process counts: ref objects alive in this JVM (each watched by a {@link Cleaner}),
 * submitted tasks taking it as an argument, and holds: live values that contain its ref (a put of a list of
 * refs, a task's arguments, a task's return value) and pins (an actor's creation arguments, an error value).
 * An object this process owns also counts its borrowers: the holds other processes registered with it. It is
 * freed when all of that is zero. An object owned elsewhere, once all its counts here are zero, is released at
 * its owner.
 *
 * <p>What makes it safe: a process that reads a ref out of a value, or hands one to another process inside a
 * return value, registers the new holder with the owner and waits for the answer while the hold that carried
 * the ref still exists; releases may then arrive in any order.
 *
 * <p>Thread-safe: every count changes inside the map's per-key compute; frees and notices follow on the thread
 * that dropped the last count (the cleaner's, a reply's or the caller's).
 */
public final class ReferenceCounter implements RefObserver {
  private static final Cleaner CLEANER = Cleaner.create(DaemonThreads.named("ref-cleaner"));

  private final Map<ByteString, Entry> entries = new ConcurrentHashMap<>();
  /** Refs held for a submitted task because its argument values contain them, by task id. */
  private final Map<ByteString, List<ObjectRefImpl<?>>> taskHolds = new ConcurrentHashMap<>();
  private final Consumer<ByteString> free;
  private final BorrowerNotices notices;
  /** Borrowers whose process end is watched (their holds go with them). */
  private final java.util.Set<Address> watched = ConcurrentHashMap.newKeySet();
  private volatile Address self;

  /** One object's counts here; changed only inside the entries map's compute for its id. */
  private static final class Entry {
    /** Where the object's owner is; null when it is this process. */
    final Address owner;
    int refs;
    int taskUses;
    int holds;
    /** A borrowed object: how many holds its owner counts for this process. */
    int registered;
    /** An owned object: other processes' registered holds (a count may dip below zero while notices cross). */
    Map<Address, Integer> borrowers;
    /** An owned object whose value contains refs: the holds it keeps on them until it is freed. */
    List<ObjectRefImpl<?>> contains;

    Entry(Address owner) {
      this.owner = owner;
    }

    void borrow(Address borrower, int delta) {
      if (borrowers == null) {
        borrowers = new HashMap<>(4);
      }
      borrowers.merge(borrower, delta, (a, b) -> a + b == 0 ? null : a + b);
    }

    boolean unused() {
      return refs <= 0 && taskUses <= 0 && holds <= 0 && (borrowers == null || borrowers.isEmpty());
    }
  }

  /**
   * @param free called once per owned object when its last reference goes
   * @param peers how owners of borrowed objects are reached
   */
  public ReferenceCounter(Consumer<ByteString> free, PeerChannels peers) {
    this.free = free;
    this.notices = new BorrowerNotices(peers);
  }

  /** This process's address, known once its server runs: refs to it are owned here. */
  public void bindSelf(Address address) {
    this.self = address;
    notices.bindSelf(address);
  }

  public boolean ownedHere(ObjectRefImpl<?> ref) {
    Address me = self;
    return me != null && ref.ownerPort() == me.getPort() && ref.ownerHost().equals(me.getIp());
  }

  /** A new ref object to an object owned here (a task's return): counted until the garbage collector takes it. */
  public <T> ObjectRefImpl<T> track(ObjectRefImpl<T> ref) {
    return track(ref, List.of());
  }

  /** A put: its new ref object, counted as by track(ref), and its value's refs held while it lives. */
  public <T> ObjectRefImpl<T> track(ObjectRefImpl<T> ref, List<ObjectRefImpl<?>> contains) {
    hold(contains);
    ByteString id = ref.idBytes();
    entries.compute(id, (k, e) -> {
      Entry entry = e == null ? new Entry(null) : e;
      entry.refs++;
      if (!contains.isEmpty()) {
        entry.contains = contains;
      }
      return entry;
    });
    watch(ref, id);
    return ref;
  }

  /**
   * A new ref object to an object whose owner already counts one hold of this process for it (an object another
   * process put with this one's call, {@code Ray.put(value, owner)}): counted as a borrowed ref, without
   * registering again; released to the owner when collected.
   */
  public <T> ObjectRefImpl<T> adoptLent(ObjectRefImpl<T> ref) {
    ByteString id = ref.idBytes();
    Address owner = ref.owner();
    boolean[] twice = {false};
    entries.compute(id, (k, e) -> {
      Entry entry = e == null ? new Entry(owner) : e;
      if (e == null) {
        entry.registered = 1;
      } else {
        twice[0] = true; // already registered: the owner's new count is one too many
      }
      entry.refs++;
      return entry;
    });
    if (twice[0]) {
      notices.release(owner, id, 1);
    }
    watch(ref, id);
    return ref;
  }

  /** Refs just read out of a value here: each is a new ref object; a first one to a borrowed object registers. */
  @Override
  public void deserialized(List<ObjectRefImpl<?>> refs) {
    Map<Address, List<ByteString>> registrations = new HashMap<>();
    if (refs.size() == 1) {
      watch(refs.get(0), acquire(refs.get(0), e -> e.refs++, registrations));
    } else {
      // One watched token for the batch: its counts go when the last of these ref objects is collected.
      Object token = new Object();
      List<ByteString> ids = new ArrayList<>(refs.size());
      for (ObjectRefImpl<?> ref : refs) {
        ref.joinBatch(token);
        ids.add(acquire(ref, e -> e.refs++, registrations));
      }
      CLEANER.register(token, () -> ids.forEach(id -> change(id, e -> e.refs--)));
    }
    register(registrations);
  }

  /** Refs inside a value whose life nobody follows (an error): held until the job ends. */
  @Override
  public void pin(List<ObjectRefImpl<?>> refs) {
    hold(refs);
  }

  /** A task about to be submitted whose argument values contain {@code nested}: they stay until it finishes. */
  public void holdForTask(ByteString taskId, List<ObjectRefImpl<?>> nested) {
    if (!nested.isEmpty()) {
      hold(nested);
      taskHolds.put(taskId, nested);
    }
  }

  /** A task or actor call about to be submitted: the objects it takes by ref stay until it finishes. */
  public void useArgs(TaskSpec spec) {
    Map<Address, List<ByteString>> registrations = new HashMap<>();
    for (TaskArg arg : spec.getArgsList()) {
      if (arg.hasRef()) {
        acquire(ObjectRefImpl.fromProto(arg.getRef()), e -> e.taskUses++, registrations);
      }
    }
    register(registrations);
  }

  /** The task submitted with {@link #useArgs} finished for good (no retry follows): its arguments are let go. */
  public void releaseArgs(TaskSpec spec) {
    for (TaskArg arg : spec.getArgsList()) {
      if (arg.hasRef()) {
        change(arg.getRef().getObjectId(), e -> e.taskUses--);
      }
    }
    List<ObjectRefImpl<?>> nested = taskHolds.remove(spec.getTaskId());
    if (nested != null) {
      release(nested);
    }
  }

  /**
   * An actor's creation task, whose arguments contain {@code nested}: it runs again on every restart, so its ref
   * arguments and the refs inside its argument values stay until the job ends.
   */
  public void pinArgs(TaskSpec spec, List<ObjectRefImpl<?>> nested) {
    List<ObjectRefImpl<?>> pinned = new ArrayList<>(nested);
    for (TaskArg arg : spec.getArgsList()) {
      if (arg.hasRef()) {
        pinned.add(ObjectRefImpl.fromProto(arg.getRef()));
      }
    }
    hold(pinned);
  }

  /**
   * A task running here returns a value containing {@code refs} to {@code borrower} (the task's owner): registers
   * the borrower with each ref's owner, and waits, before the reply goes. Call while the value is reachable.
   */
  public void lendTo(Address borrower, List<ObjectRefImpl<?>> refs) {
    Map<Address, List<ByteString>> elsewhere = new HashMap<>();
    for (ObjectRefImpl<?> ref : refs) {
      if (ownedHere(ref)) {
        watchBorrower(borrower);
        entries.compute(ref.idBytes(), (k, e) -> {
          Entry entry = e == null ? new Entry(null) : e;
          entry.borrow(borrower, 1);
          return entry;
        });
      } else {
        elsewhere.computeIfAbsent(ref.owner(), o -> new ArrayList<>()).add(ref.idBytes());
      }
    }
    elsewhere.forEach((owner, ids) -> notices.register(owner, borrower, ids));
  }

  /**
   * A reply for {@code objectId}, a task's return owned here, says its value contains {@code nested}, each already
   * registered for this process by the worker ({@link #lendTo}): they are held while the object lives.
   */
  public void adoptNested(ByteString objectId, List<ObjectRefProto> nested) {
    if (nested.isEmpty()) {
      return;
    }
    Address me = self;
    List<ObjectRefImpl<?>> held = new ArrayList<>(nested.size());
    for (ObjectRefProto proto : nested) {
      ObjectRefImpl<?> ref = ObjectRefImpl.fromProto(proto);
      boolean mine = ownedHere(ref);
      entries.compute(proto.getObjectId(), (k, e) -> {
        Entry entry = e == null ? new Entry(mine ? null : proto.getOwner()) : e;
        entry.holds++;
        if (mine) {
          entry.borrow(me, -1); // the worker's registration of this process, turned into the hold
        } else {
          entry.registered++;
        }
        return entry;
      });
      held.add(ref);
    }
    boolean[] attached = {false};
    entries.computeIfPresent(objectId, (k, e) -> {
      if (e.contains == null) {
        e.contains = held;
      } else {
        e.contains = new ArrayList<>(e.contains);
        e.contains.addAll(held);
      }
      attached[0] = true;
      return e;
    });
    if (!attached[0]) {
      release(held); // the return object was freed before its value came
    }
  }

  /** A borrower's registered holds on objects owned here changed (its UpdateBorrowers call). */
  public void borrowersChanged(Address borrower, List<BorrowerDelta> deltas) {
    watchBorrower(borrower);
    for (BorrowerDelta delta : deltas) {
      change(delta.getObjectId(), e -> e.borrow(borrower, delta.getDelta()));
    }
  }

  private void watchBorrower(Address borrower) {
    if (!borrower.equals(self) && watched.add(borrower)) {
      notices.watch(borrower, () -> borrowerGone(borrower));
    }
  }

  /** A borrower's process ended: the holds it registered here go with it. */
  private void borrowerGone(Address borrower) {
    watched.remove(borrower);
    for (ByteString id : entries.keySet()) {
      change(id, e -> {
        if (e.borrowers != null) {
          e.borrowers.remove(borrower);
        }
      });
    }
  }

  /** Adds an owned object's counts to its report (`jray list objects`). */
  public void describe(ByteString id, io.jray.proto.OwnedObject.Builder into) {
    entries.computeIfPresent(id, (k, e) -> {
      into.setLocalRefs(e.refs).setTaskUses(e.taskUses).setNested(e.holds > 0)
          .setBorrowers(e.borrowers == null ? 0 : e.borrowers.size());
      return e;
    });
  }

  public void close() {
    notices.close();
  }

  /** Counts a use of {@code ref}'s object; a first use of a borrowed one joins {@code registrations}. */
  private ByteString acquire(ObjectRefImpl<?> ref, Consumer<Entry> use, Map<Address, List<ByteString>> registrations) {
    ByteString id = ref.idBytes();
    Address owner = ownedHere(ref) ? null : ref.owner();
    boolean[] first = {false};
    entries.compute(id, (k, e) -> {
      Entry entry = e;
      if (entry == null) {
        entry = new Entry(owner);
        if (owner != null) {
          entry.registered = 1;
          first[0] = true;
        }
      }
      use.accept(entry);
      return entry;
    });
    if (first[0]) {
      registrations.computeIfAbsent(owner, o -> new ArrayList<>()).add(id);
    }
    return id;
  }

  private void register(Map<Address, List<ByteString>> registrations) {
    Address me = self;
    registrations.forEach((owner, ids) -> notices.register(owner, me, ids));
  }

  private void hold(List<ObjectRefImpl<?>> refs) {
    if (refs.isEmpty()) {
      return;
    }
    Map<Address, List<ByteString>> registrations = new HashMap<>();
    for (ObjectRefImpl<?> ref : refs) {
      acquire(ref, e -> e.holds++, registrations);
    }
    register(registrations);
  }

  private void release(List<ObjectRefImpl<?>> refs) {
    for (ObjectRefImpl<?> ref : refs) {
      change(ref.idBytes(), e -> e.holds--);
    }
  }

  /** The ref object's count goes when the garbage collector takes it (the action must not reach the ref). */
  private void watch(ObjectRefImpl<?> ref, ByteString id) {
    CLEANER.register(ref, () -> change(id, e -> e.refs--));
  }

  private void change(ByteString id, Consumer<Entry> change) {
    Entry[] ended = {null};
    entries.computeIfPresent(id, (k, e) -> {
      change.accept(e);
      if (e.unused()) {
        ended[0] = e;
        return null;
      }
      return e;
    });
    Entry e = ended[0];
    if (e == null) {
      return;
    }
    if (e.owner == null) {
      free.accept(id);
      if (e.contains != null) {
        release(e.contains);
      }
    } else if (e.registered > 0) {
      notices.release(e.owner, id, e.registered);
    }
  }
}
