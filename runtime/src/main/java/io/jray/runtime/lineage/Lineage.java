package io.jray.runtime.lineage;

import com.google.protobuf.ByteString;
import io.jray.proto.ObjectRefProto;
import io.jray.proto.TaskArg;
import io.jray.proto.TaskSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.logging.Logger;

/**
 * The lineage this process keeps to rebuild values it owns (Ray's lineage pinning): the spec of each finished task
 * whose return is still in scope, or is an argument of a task whose spec is kept, with the retries it has left.
 * Bounded by max_lineage_bytes: past it the oldest specs are dropped (with a log line) and their values can no
 * longer be rebuilt. For an owned object without lineage it remembers why, for the error a lost one raises.
 *
 * <p>Thread-safe: every method is synchronized (each is a few map operations).
 */
public final class Lineage {
  private static final Logger LOG = Logger.getLogger(Lineage.class.getName());

  /** Why an owned object has no lineage. */
  public enum Missing {
    /** Made by Ray.put: there is no task to re-run. */
    PUT,
    /** Its task may not be retried (max_retries=0). */
    NOT_RETRIABLE,
    /** An actor call's return, and the actor allows no task retries (max_task_retries=0). */
    ACTOR_NOT_RETRIABLE,
    /** Its spec was dropped to stay under max_lineage_bytes. */
    EVICTED,
    /** Lineage recording is off here (lineage_pinning_enabled=false). */
    NOT_RECORDED,
    /** Re-run as often as its task's retries allow. */
    RETRIES_USED,
  }

  /** Why an object has no lineage, and the task that made it (empty for a put). */
  public record Absence(Missing why, String taskName) {}

  /** A task to re-run: its spec as submitted, whether it is an actor call, and its retries left after this run. */
  public record Rerun(TaskSpec spec, boolean actorTask, int retriesLeft) {}

  private static final class Kept {
    final TaskSpec spec;
    final boolean actorTask;
    final long bytes;
    int retriesLeft;

    Kept(TaskSpec spec, boolean actorTask, int retriesLeft) {
      this.spec = spec;
      this.actorTask = actorTask;
      this.bytes = spec.getSerializedSize();
      this.retriesLeft = retriesLeft;
    }
  }

  private final Predicate<ObjectRefProto> ownedHere;
  private final LongSupplier maxBytes;
  /** By return id, oldest first. */
  private final LinkedHashMap<ByteString, Kept> kept = new LinkedHashMap<>();
  /** Objects owned here that kept specs take as arguments, and how many such specs. */
  private final Map<ByteString, Integer> argUses = new HashMap<>();
  /** Returns out of scope whose spec stays because a kept spec takes them as an argument. */
  private final Set<ByteString> outOfScope = new HashSet<>();
  private final Map<ByteString, Absence> absent = new HashMap<>();
  private long bytes;
  private long evictions;

  /**
   * @param ownedHere whether a ref argument's object is owned by this process (only those are rebuilt here)
   * @param maxBytes the bound on kept specs' bytes (read on each change, so tests may lower it)
   */
  public Lineage(Predicate<ObjectRefProto> ownedHere, LongSupplier maxBytes) {
    this.ownedHere = ownedHere;
    this.maxBytes = maxBytes;
  }

  /** A task finished with a value: its spec is kept while the value (or a kept task using it) is in scope. */
  public synchronized void keep(TaskSpec spec, boolean actorTask, int retriesLeft) {
    ByteString id = spec.getReturnId();
    Kept previous = kept.remove(id);
    if (previous != null) {
      bytes -= previous.bytes; // a re-run: its arguments are counted already
      if (actorTask) {
        retriesLeft = previous.retriesLeft; // an actor gives each call its retries anew; a rebuild does not
      }
    } else {
      forEachOwnedArg(spec, arg -> argUses.merge(arg, 1, Integer::sum));
    }
    Kept entry = new Kept(spec, actorTask, retriesLeft);
    kept.put(id, entry);
    bytes += entry.bytes;
    absent.remove(id);
    evictPastBound();
  }

  /** An owned object that cannot be rebuilt: a put, or the return of a task that may not be retried. */
  public synchronized void absent(ByteString id, Missing why, String taskName) {
    absent.put(id, new Absence(why, taskName));
  }

  /** An owned object's last reference went: its lineage goes too, unless a kept task takes it as an argument. */
  public synchronized void outOfScope(ByteString id) {
    absent.remove(id);
    if (!kept.containsKey(id)) {
      return;
    }
    if (argUses.getOrDefault(id, 0) > 0) {
      outOfScope.add(id);
    } else {
      drop(id);
    }
  }

  /**
   * The task that made {@code id}, to re-run once more (taking one of its retries), or null when it cannot be
   * re-run; {@link #absence} then says why.
   */
  public synchronized Rerun takeRerun(ByteString id) {
    Kept entry = kept.get(id);
    if (entry == null) {
      return null;
    }
    if (entry.retriesLeft == 0) {
      absent.put(id, new Absence(Missing.RETRIES_USED, entry.spec.getName()));
      return null;
    }
    if (entry.retriesLeft > 0) {
      entry.retriesLeft--;
    }
    return new Rerun(entry.spec, entry.actorTask, entry.retriesLeft);
  }

  /** Why {@code id} has no lineage, or null when that is not known. */
  public synchronized Absence absence(ByteString id) {
    return absent.get(id);
  }

  /** Bytes of the specs kept now. */
  public synchronized long bytes() {
    return bytes;
  }

  /** How many specs are kept now. */
  public synchronized int size() {
    return kept.size();
  }

  private void evictPastBound() {
    long max = maxBytes.getAsLong();
    while (bytes > max && !kept.isEmpty()) {
      Iterator<Map.Entry<ByteString, Kept>> oldest = kept.entrySet().iterator();
      Map.Entry<ByteString, Kept> first = oldest.next();
      ByteString id = first.getKey();
      Kept entry = first.getValue();
      evictions++;
      String line = "lineage of task " + entry.spec.getName() + " (object " + hex(id) + ") dropped to stay under "
          + "max_lineage_bytes=" + max + " (" + evictions + " dropped so far): its value can no longer be rebuilt";
      if (evictions == 1) {
        LOG.warning(line);
      } else {
        LOG.fine(line);
      }
      boolean inScope = !outOfScope.contains(id);
      drop(id);
      if (inScope) {
        absent.put(id, new Absence(Missing.EVICTED, entry.spec.getName()));
      }
    }
  }

  /** Forgets a spec; its arguments no kept spec takes any more and that are out of scope go too. */
  private void drop(ByteString first) {
    List<ByteString> todo = new ArrayList<>(List.of(first));
    while (!todo.isEmpty()) {
      ByteString id = todo.remove(todo.size() - 1);
      outOfScope.remove(id);
      Kept entry = kept.remove(id);
      if (entry == null) {
        continue;
      }
      bytes -= entry.bytes;
      forEachOwnedArg(entry.spec, arg -> {
        int left = argUses.merge(arg, -1, Integer::sum);
        if (left <= 0) {
          argUses.remove(arg);
          if (outOfScope.contains(arg)) {
            todo.add(arg);
          }
        }
      });
    }
  }

  private void forEachOwnedArg(TaskSpec spec, java.util.function.Consumer<ByteString> action) {
    for (TaskArg arg : spec.getArgsList()) {
      if (arg.hasRef() && ownedHere.test(arg.getRef())) {
        action.accept(arg.getRef().getObjectId());
      }
    }
  }

  private static String hex(ByteString id) {
    return java.util.HexFormat.of().formatHex(id.toByteArray());
  }
}
