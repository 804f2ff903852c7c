package io.jray.runtime.lineage;

import com.google.protobuf.ByteString;
import io.jray.proto.Address;
import io.jray.proto.ErrorType;
import io.jray.proto.ObjectRefProto;
import io.jray.proto.TaskArg;
import io.jray.proto.TaskSpec;
import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.object.LargeObjects;
import io.jray.runtime.object.LostCopies;
import io.jray.runtime.object.MemoryStore;
import io.jray.runtime.object.ObjectLocations;
import io.jray.runtime.object.RayErrors;
import io.jray.runtime.object.StoredObject;
import io.jray.runtime.process.DaemonThreads;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Predicate;
import java.util.logging.Logger;

/**
 * Brings back an object this process owns whose copy was lost with its node (Ray's object recovery): first
 * another copy (where a reader pulled it, or this node's object store when this process read it), else the task that
 * made it runs again from its {@link Lineage}, after its own lost or freed arguments are brought back the same
 * way, each re-run taking one of that task's retries. What cannot be rebuilt (a put, a task that may not be
 * retried, an actor call whose actor allows no task retries, lineage dropped past max_lineage_bytes) becomes
 * an error value saying why, which the reader's get raises as an UnreconstructableException.
 *
 * <p>One recovery at a time ({@code synchronized}): it asks object stores and the GCS, so never on a network
 * thread ({@link #recoverThen} hands it to its own thread).
 */
public final class ObjectRecovery implements LostCopies, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ObjectRecovery.class.getName());

  /** Submits a task again (a normal task or an actor call), as its submitter's submit does. */
  public interface Resubmit {
    void submit(TaskSpec spec, Map<Integer, CompletableFuture<StoredObject>> ownedArgs);
  }

  private final MemoryStore store;
  private final LargeObjects large;
  private final ObjectLocations locations;
  private final Lineage lineage;
  private final Predicate<ObjectRefProto> ownedHere;
  private final Resubmit tasks;
  private final Resubmit actorCalls;
  private final ExecutorService thread = Executors.newSingleThreadExecutor(DaemonThreads.named("object-recovery"));

  public ObjectRecovery(MemoryStore store, LargeObjects large, ObjectLocations locations, Lineage lineage,
      Predicate<ObjectRefProto> ownedHere, Resubmit tasks, Resubmit actorCalls) {
    this.store = store;
    this.large = large;
    this.locations = locations;
    this.lineage = lineage;
    this.ownedHere = ownedHere;
    this.tasks = tasks;
    this.actorCalls = actorCalls;
  }

  @Override
  public synchronized void recover(ByteString id, Address lostAt) {
    CompletableFuture<StoredObject> known = store.get(id);
    if (known == null || !known.isDone()) {
      return; // freed, or being made or rebuilt already
    }
    StoredObject value = known.join();
    if (!value.isStored() || !value.storedAt().equals(lostAt)) {
      return; // rebuilt elsewhere already
    }
    if (large.copyAt(lostAt, id) == LargeObjects.Copy.HELD) {
      return; // there after all: the reader's trouble was its own
    }
    CompletableFuture<StoredObject> fresh = store.renew(id, value);
    if (fresh != null) {
      restore(id, fresh, lostAt);
    }
  }

  @Override
  public void recoverThen(ByteString id, Address lostAt, Runnable then) {
    try {
      thread.execute(() -> {
        try {
          recover(id, lostAt);
        } finally {
          then.run();
        }
      });
    } catch (RejectedExecutionException closed) {
      then.run();
    }
  }

  /**
   * Fills {@code fresh}, the renewed future of {@code id}: with another copy, a re-run of its task, or the error.
   *
   * @param lostAt the store that held the lost copy; null for a freed object needed again as an argument
   */
  private void restore(ByteString id, CompletableFuture<StoredObject> fresh, Address lostAt) {
    if (lostAt != null) {
      locations.gone(id, lostAt);
      Address copy = anotherCopy(id, lostAt);
      if (copy != null) {
        LOG.info("object " + hex(id) + ": its copy at " + lostAt.getIp() + ":" + lostAt.getPort()
            + " is lost; using the copy at " + copy.getIp() + ":" + copy.getPort());
        fresh.complete(StoredObject.ofStored(copy));
        return;
      }
    }
    Lineage.Rerun rerun = lineage.takeRerun(id);
    if (rerun == null) {
      String why = whyNot(id, lostAt);
      LOG.warning(why);
      fresh.complete(StoredObject.ofError(RayErrors.of(ErrorType.OBJECT_LOST, "", why)));
      return;
    }
    TaskSpec last = rerun.spec();
    TaskSpec spec = last.toBuilder().setAttempt(last.getAttempt() + 1)
        .setMaxRetries(rerun.actorTask() ? last.getMaxRetries() : rerun.retriesLeft()).build();
    LOG.info("object " + hex(id) + (lostAt == null ? " is needed again" : " was lost with "
        + large.nodes().describe(lostAt)) + ": running task " + spec.getName() + " again to rebuild it (attempt "
        + spec.getAttempt() + ", " + (rerun.retriesLeft() < 0 ? "unlimited" : rerun.retriesLeft())
        + " retries left)");
    Map<Integer, CompletableFuture<StoredObject>> args = arguments(spec);
    (rerun.actorTask() ? actorCalls : tasks).submit(spec, args);
  }

  /**
   * A store that holds a copy of {@code id} now, other than {@code lostAt}: one a reader pulled it to, or this
   * node's own (this process's reads pull there); null when none does.
   */
  private Address anotherCopy(ByteString id, Address lostAt) {
    java.util.List<Address> candidates = new java.util.ArrayList<>(locations.of(id));
    Address local = large.localStore();
    if (local != null && !candidates.contains(local)) {
      candidates.add(local);
    }
    for (Address store : candidates) {
      if (store.equals(lostAt)) {
        continue;
      }
      if (large.copyAt(store, id) == LargeObjects.Copy.HELD) {
        return store;
      }
      locations.gone(id, store);
    }
    return null;
  }

  /**
   * The futures of the ref arguments owned here of a task about to run again, each brought back first when its
   * copy is lost or it was freed since.
   */
  private Map<Integer, CompletableFuture<StoredObject>> arguments(TaskSpec spec) {
    Map<Integer, CompletableFuture<StoredObject>> args = new HashMap<>();
    for (int i = 0; i < spec.getArgsCount(); i++) {
      TaskArg arg = spec.getArgs(i);
      if (!arg.hasRef() || !ownedHere.test(arg.getRef())) {
        continue;
      }
      ByteString argId = arg.getRef().getObjectId();
      CompletableFuture<StoredObject> known = store.get(argId);
      if (known == null) {
        CompletableFuture<StoredObject> fresh = store.recreate(argId);
        if (fresh != null) {
          restore(argId, fresh, null);
        }
      } else if (known.isDone() && known.join().isStored()) {
        StoredObject value = known.join();
        if (large.copyAt(value.storedAt(), argId) == LargeObjects.Copy.GONE) {
          CompletableFuture<StoredObject> fresh = store.renew(argId, value);
          if (fresh != null) {
            restore(argId, fresh, value.storedAt());
          }
        }
      }
      CompletableFuture<StoredObject> now = store.get(argId);
      if (now != null) {
        args.put(i, now);
      }
    }
    return args;
  }

  /** One sentence: why {@code id} cannot be rebuilt. */
  private String whyNot(ByteString id, Address lostAt) {
    String object = "Object " + hex(id);
    String lost = lostAt == null ? " was freed and is needed again to rebuild another object, but"
        : " was lost with " + large.nodes().describe(lostAt) + " and";
    Lineage.Absence absence = lineage.absence(id);
    if (absence == null) {
      return object + lost + " cannot be rebuilt: this process keeps no lineage for it.";
    }
    return switch (absence.why()) {
      case PUT -> lostAt == null ? object + " was made by Ray.put and freed; a put value cannot be rebuilt."
          : object + " was made by Ray.put and its only copy was on " + large.nodes().describe(lostAt)
              + ", which is gone; a put value cannot be rebuilt.";
      case NOT_RETRIABLE -> object + lost + " cannot be rebuilt: the task " + absence.taskName()
          + " that made it may not be retried (max_retries=0).";
      case ACTOR_NOT_RETRIABLE -> object + lost + " cannot be rebuilt: it is the return of the actor call "
          + absence.taskName() + ", and the actor allows no task retries (max_task_retries=0).";
      case EVICTED -> object + lost + " cannot be rebuilt: the lineage of the task " + absence.taskName()
          + " that made it was dropped to stay under max_lineage_bytes=" + JrayConfig.MAX_LINEAGE_BYTES.get() + ".";
      case NOT_RECORDED -> object + lost + " cannot be rebuilt: this process records no lineage"
          + " (lineage_pinning_enabled=false).";
      case RETRIES_USED -> object + lost + " cannot be rebuilt: the task " + absence.taskName()
          + " that made it has used up its retries.";
    };
  }

  private static String hex(ByteString id) {
    return java.util.HexFormat.of().formatHex(id.toByteArray());
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
